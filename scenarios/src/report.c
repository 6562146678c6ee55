/* snn_report: the page, its style sheet and Content-Security-Policy, the comparison with a
 * baseline, and the drawing of figures into a temporary folder; the other sections are in
 * report_run.c and report_points.c. */
#include "snn/report.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snn/build_info.h"
#include "snn/digest.h"
#include "snn/error.h"
#include "snn/output_file.h"
#include "snn/plot.h"
#include "snn/study_run.h"
#include "snn/sysinfo.h"
#include "report_html.h"
#include "report_parts.h"

/* The one style sheet; the CSP allows it by its hash, and nothing else. */
static const char style[] =
    "body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#111;"
    "line-height:1.4}\n"
    "h1{font-size:1.6em}h2{border-bottom:2px solid #3060a0;margin-top:2em}\n"
    "table{border-collapse:collapse;margin:0.5em 0;font-size:0.85em}\n"
    "th,td{border:1px solid #bbb;padding:0.2em 0.5em;text-align:right;vertical-align:top;"
    "white-space:nowrap}\n"
    "th{background:#e8eef7}td.text,th.text{text-align:left}\n"
    ".scroll{overflow-x:auto}\n"
    "tr.regression td{background:#fbd3d3;font-weight:bold}\n"
    "td.bad{background:#fbd3d3}td.good{background:#dff0d8}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:0.2em 1em}\n"
    "dt{font-weight:bold}dd{margin:0;white-space:pre-wrap;word-break:break-all}\n"
    "pre{background:#f4f4f4;padding:0.6em;overflow-x:auto;white-space:pre-wrap}\n"
    "figure{display:inline-block;vertical-align:top;margin:0.5em 1%;width:46%}\n"
    "figure img{max-width:100%;height:auto;border:1px solid #ddd}\n"
    "figcaption{font-size:0.85em;color:#333}\n"
    ".verdict-fail{color:#a00000;font-weight:bold}.verdict-pass{color:#206020;font-weight:bold}\n"
    "@media print{body{max-width:none;margin:0;font-size:10pt}nav{display:none}"
    "h2{page-break-before:always}h2:first-of-type{page-break-before:avoid}"
    "figure{width:47%;page-break-inside:avoid}tr{page-break-inside:avoid}"
    ".scroll{overflow:visible}a{color:inherit;text-decoration:none}}\n";

static void page_head(FILE *f, const report_context *c) {
    char hash[45];
    snn_digest_sha256_base64(style, strlen(style), hash);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    /* no script, no connection, no load from anywhere; images only as data: URIs */
    fprintf(f,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "img-src data:; style-src 'sha256-%s'; base-uri 'none'; form-action 'none'\">\n",
            hash);
    fprintf(f, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    fprintf(f, "<meta name=\"generator\" content=\"snnbench %s\">\n<title>snnbench report: ",
            snn_build_version);
    html_text(f, c->name);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

static void contents(FILE *f, const report_context *c, int with_baseline) {
    fprintf(f, "<nav aria-label=\"Contents\"><h2>Contents</h2><ol>\n");
    const struct {
        const char *id, *title;
        int shown;
    } parts[] = {{"run", "What was run", 1},
                 {"verdicts", "Verdicts", 1},
                 {"points", "Points and their metrics", 1},
                 {"study-figures", "Study figures", c->is_study},
                 {"baseline", "Comparison with the baseline", with_baseline},
                 {"each-point", "Each point: figures and provenance", 1},
                 {"files", "Files and their SHA-256", 1}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].shown)
            fprintf(f, "<li><a href=\"#%s\">%s</a></li>\n", parts[i].id, parts[i].title);
    fprintf(f, "</ol></nav>\n");
}

static void print_number(FILE *f, double v, int is_difference) {
    if (isnan(v))
        fputs("-", f);
    else
        fprintf(f, is_difference ? "%+.4g" : "%.6g", v);
}

/* The comparison `snnbench compare BASELINE TARGET` makes, as a table; regressions
 * highlighted. Returns the compare status (0, 1), or 2 with err. */
static int section_baseline(FILE *f, const report_context *c, const snn_report_options *o,
                            char *err, size_t errlen) {
    snn_compare_result res;
    const int status = snn_compare_run(o->baseline, c->target, &o->compare, &res, err, errlen);
    if (status == 2) return 2;
    fprintf(f, "<section id=\"baseline\"><h2>Comparison with the baseline</h2>\n<p>Baseline: ");
    html_text(f, o->baseline);
    fprintf(f, "; new: ");
    html_text(f, c->target);
    fprintf(f, " (as <code>snnbench compare</code> judges it).</p>\n");
    if (res.across_simulators) {
        fprintf(f, "<p>Across simulators: baseline ");
        html_text(f, res.base_simulator);
        fprintf(f, ", new ");
        html_text(f, res.new_simulator);
        fprintf(f, ". Informative, no verdict. Caveat: ");
        html_text(f, snn_compare_caveat);
        fprintf(f, "</p>\n");
    } else {
        fprintf(f, "<p class=\"%s\">%s: %d regression%s in %d comparisons</p>\n",
                status ? "verdict-fail" : "verdict-pass", status ? "FAIL" : "PASS", res.regressions,
                res.regressions == 1 ? "" : "s", res.comparisons);
        fprintf(f,
                "<p>Thresholds: slower or larger by more than a factor %.2f (speed) or %.2f "
                "(memory); rates moved by more than %.0f %%, weights by more than %.1f %%%s.</p>\n",
                o->compare.max_slowdown, o->compare.max_memory, 100 * o->compare.rate_tolerance,
                100 * o->compare.weight_tolerance,
                o->compare.paired ? "; ratios are medians of pairwise ratios" : "");
    }
    fprintf(f, "<div class=\"scroll\"><table id=\"comparison\"><thead><tr>");
    fprintf(f,
            "<th class=\"text\" scope=\"col\">point</th><th class=\"text\" scope=\"col\">"
            "metric</th><th scope=\"col\">baseline</th><th scope=\"col\">new</th>"
            "<th scope=\"col\">%s</th><th class=\"text\" scope=\"col\">verdict</th>"
            "</tr></thead><tbody>\n",
            res.across_simulators ? "new/base or difference" : "new/base");
    for (size_t i = 0; i < res.n_rows; i++) {
        const snn_compare_row *r = &res.rows[i];
        fprintf(f, "<tr%s><td class=\"text\">", r->regression ? " class=\"regression\"" : "");
        html_text(f, r->point);
        fprintf(f, "</td><td class=\"text\">");
        html_text(f, r->metric);
        fprintf(f, "</td><td>");
        print_number(f, r->baseline, 0);
        fprintf(f, "</td><td>");
        print_number(f, r->candidate, 0);
        fprintf(f, "</td><td>");
        print_number(f, r->ratio, r->is_difference);
        fprintf(f, "</td><td class=\"text\">");
        html_text(f, r->is_difference ? "difference" : r->verdict);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</tbody></table></div>\n");
    if (res.across_simulators) {
        fprintf(f, "<p>Not compared (one side's files do not give them): ");
        html_text(f, res.not_compared);
        fprintf(f, "</p>\n");
        const char *labels[2] = {"Baseline", "New"};
        const char *missing[2] = {res.base_not_recovered, res.new_not_recovered};
        for (int k = 0; k < 2; k++)
            if (missing[k][0]) {
                fprintf(f, "<p>%s could not give: ", labels[k]);
                html_text(f, missing[k]);
                fprintf(f, "</p>\n");
            }
    } else if (res.n_conditions_differ) {
        fprintf(f, "<p id=\"conditions\">The two sides ran under different conditions, so "
                   "the ratios measure them as well as the code:</p>\n<ul>\n");
        for (const char *line = res.conditions_differ; *line;) {
            const size_t n = strcspn(line, "\n");
            char item[sizeof res.conditions_differ];
            memcpy(item, line, n);
            item[n] = '\0';
            fprintf(f, "<li>");
            html_text(f, item);
            fprintf(f, "</li>\n");
            line += n + (line[n] == '\n');
        }
        fprintf(f, "</ul>\n");
    } else {
        fprintf(f, "<p id=\"conditions\">Conditions alike on both sides: ");
        html_text(f, snn_compare_condition_list());
        fprintf(f, ".</p>\n");
    }
    fprintf(f, "</section>\n");
    snn_compare_result_free(&res);
    return status;
}

const char *report_point_provenance(const report_point *p, const char *key) {
    for (size_t i = 0; i < p->n_provenance; i++)
        if (strcmp(p->provenance[i].name, key) == 0) return p->provenance[i].value;
    return NULL;
}

/* Every file of folder removed, then the folder. */
static void remove_folder(const char *folder) {
    DIR *d = opendir(folder);
    if (!d) return;
    char path[PATH_MAX + 300];
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        if (unlink(path) != 0 && errno == EISDIR) remove_folder(path);
    }
    closedir(d);
    rmdir(folder);
}

int report_figures(FILE *f, report_context *c, const char *target, const char *sub,
                   const char *const *names, const char *const *alts, size_t n, int say_missing) {
    char folder[PATH_MAX + 300];
    snprintf(folder, sizeof folder, "%s/%s", c->figures, sub);
    const snn_plot_options o = {
        .out_dir = folder, .format = "svg", .width = 900, .height = 600, .quiet = 1};
    /* a study with an unreadable result also "fails" to plot; that file is reported on the
     * page, and the figures of the others still count */
    int unreadable = 0;
    for (size_t i = 0; i < c->paths.count; i++)
        unreadable |= !c->points[i].read;
    if (snn_plot_path(target, &o) != 0 && !(c->is_study && unreadable)) c->figure_failures++;
    int embedded = 0;
    char missing[512] = "";
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX + 400];
        snprintf(path, sizeof path, "%s/%s.svg", folder, names[i]);
        struct stat st;
        if (stat(path, &st) != 0) { /* no data for it (no weights, a silent network, ...) */
            const size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "", names[i]);
            continue;
        }
        fprintf(f, "<figure>");
        if (html_image(f, path, "image/svg+xml", alts[i]) != 0) {
            c->figure_failures++;
            fprintf(f, "</figure>\n");
            continue;
        }
        fprintf(f, "<figcaption>");
        html_text(f, alts[i]);
        fprintf(f, "</figcaption></figure>\n");
        embedded++;
    }
    if (say_missing && embedded > 0 && missing[0])
        fprintf(f, "<p>Not drawn, the file holds no data for them: %s.</p>\n", missing);
    remove_folder(folder);
    return embedded;
}

/* Reads and analyses every result once. */
static void load_points(report_context *c) {
    for (size_t i = 0; i < c->paths.count; i++) {
        report_point *p = &c->points[i];
        p->path = c->paths.paths[i];
        const char *base = strrchr(p->path, '/');
        snprintf(p->name, sizeof p->name, "%s", base ? base + 1 : p->path);
        const size_t len = strlen(p->name);
        if (len > 3 && strcmp(p->name + len - 3, ".h5") == 0) p->name[len - 3] = '\0';
        snn_result r;
        if (snn_result_read(p->path, &r, p->error, sizeof p->error) != SNN_OK) continue;
        snn_analysis a;
        if (snn_analyze(&r, &c->analysis, &a) != SNN_OK) {
            snprintf(p->error, sizeof p->error, "%s: out of memory analysing it", p->path);
            snn_result_free(&r);
            continue;
        }
        memcpy(p->value, a.value, sizeof p->value);
        p->dip = a.dip.dip, p->dip_p = a.dip.p_value, p->dip_n = a.dip.n;
        snn_analysis_free(&a);
        p->provenance = r.provenance, p->n_provenance = r.n_provenance;
        r.provenance = NULL, r.n_provenance = 0; /* kept by the point */
        snn_result_free(&r);
        p->read = 1;
    }
}

static void free_context(report_context *c) {
    for (size_t i = 0; c->points && i < c->paths.count; i++) {
        for (size_t k = 0; k < c->points[i].n_provenance; k++)
            free(c->points[i].provenance[k].value);
        free(c->points[i].provenance);
    }
    free(c->points);
    if (c->have_scenario) snn_scenario_free(&c->scenario);
    snn_result_paths_free(&c->paths);
}

/* The study folder or the file, its name, and where the report goes. */
static int locate(report_context *c, const snn_report_options *o, char *out, size_t out_len,
                  char *err, size_t errlen) {
    if (snn_result_paths_list(c->target, &c->paths, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
    c->is_study = c->paths.is_study;
    const char *slash = strrchr(c->target, '/');
    if (c->is_study) {
        snprintf(c->dir, sizeof c->dir, "%s", c->target);
        char scenario[PATH_MAX + 64];
        snprintf(scenario, sizeof scenario, "%s/%s", c->target, SNN_STUDY_SCENARIO);
        struct stat st;
        if (stat(scenario, &st) != 0)
            snprintf(c->scenario_error, sizeof c->scenario_error,
                     "the folder holds no %s (a study run before snnbench kept it, or a "
                     "folder of result files)",
                     SNN_STUDY_SCENARIO);
        else if (snn_scenario_load(scenario, &c->scenario, c->scenario_error,
                                   sizeof c->scenario_error) == SNN_OK)
            c->have_scenario = 1;
        /* the study's name, else the folder's */
        const char *tail = c->target + strlen(c->target);
        while (tail > c->target && tail[-1] == '/')
            tail--;
        const char *head = tail;
        while (head > c->target && head[-1] != '/')
            head--;
        if (c->have_scenario)
            snprintf(c->name, sizeof c->name, "%s", c->scenario.name);
        else
            snprintf(c->name, sizeof c->name, "%.*s", (int)(tail - head), head);
    } else {
        snprintf(c->dir, sizeof c->dir, "%.*s", slash ? (int)(slash - c->target) : 1,
                 slash ? c->target : ".");
        snprintf(c->name, sizeof c->name, "%s", slash ? slash + 1 : c->target);
        const size_t len = strlen(c->name);
        if (len > 3 && strcmp(c->name + len - 3, ".h5") == 0) c->name[len - 3] = '\0';
    }
    int n;
    if (o->output)
        n = snprintf(out, out_len, "%s", o->output);
    else if (c->is_study)
        n = snprintf(out, out_len, "%s/report.html", c->target);
    else { /* NAME.h5 -> NAME-report.html */
        const size_t len = strlen(c->target);
        const int h5 = len > 3 && strcmp(c->target + len - 3, ".h5") == 0;
        n = snprintf(out, out_len, "%.*s-report.html", (int)(h5 ? len - 3 : len), c->target);
    }
    if (n < 0 || (size_t)n >= out_len) {
        snprintf(err, errlen, "the report's path is too long (at most %zu characters)",
                 out_len - 1);
        return SNN_ERR_PARAM;
    }
    return SNN_OK;
}

int snn_report_write(const char *target, const snn_report_options *o, char *path_out,
                     size_t path_len, char *err, size_t errlen) {
    report_context c = {.target = target};
    snn_analysis_defaults(&c.analysis);
    char out_path[PATH_MAX];
    if (locate(&c, o, out_path, sizeof out_path, err, errlen) != SNN_OK) {
        free_context(&c);
        return 2;
    }
    c.points = calloc(c.paths.count + 1, sizeof *c.points);
    if (!c.points) {
        snprintf(err, errlen, "out of memory for %zu points", c.paths.count);
        free_context(&c);
        return 2;
    }
    snn_output_file out;
    if (snn_output_begin(&out, out_path, 1, err, errlen) != SNN_OK) {
        free_context(&c);
        return 2;
    }
    /* the figures are drawn beside the report, in a folder of their own, then removed */
    snprintf(c.figures, sizeof c.figures, "%s.figures-XXXXXX", out.part);
    FILE *f = snn_output_stream(&out);
    if (!f || !mkdtemp(c.figures)) {
        snprintf(err, errlen, "cannot write beside %s: %s", out_path, strerror(errno));
        if (f) fclose(f);
        snn_output_abort(&out);
        free_context(&c);
        return 2;
    }
    load_points(&c);
    page_head(f, &c);
    fprintf(f, "<header><h1>snnbench report: ");
    html_text(f, c.name);
    fprintf(f, "</h1>\n<p>");
    html_text(f, c.is_study ? "Study folder " : "Result file ");
    fprintf(f, "<code>");
    html_text(f, target);
    char now[32];
    snn_sysinfo_utc_now(now, sizeof now);
    fprintf(f, "</code>; report made %s by snnbench %s (commit %s).</p></header>\n", now,
            snn_build_version, snn_build_git_commit);
    contents(f, &c, o->baseline != NULL);
    report_section_run(f, &c);
    report_section_verdicts(f, &c);
    int status = report_section_table(f, &c, err, errlen) == 0 ? 0 : 2;
    if (status == 0 && c.is_study) report_section_study_figures(f, &c);
    if (status == 0 && o->baseline) status = section_baseline(f, &c, o, err, errlen);
    if (status != 2) {
        report_section_points(f, &c);
        report_section_files(f, &c);
        fprintf(f, "</body>\n</html>\n");
    }
    remove_folder(c.figures);
    const int write_failed = ferror(f) | (fclose(f) != 0);
    const int saved_errno = errno;
    if (status != 2 && c.figure_failures) { /* a report without its figures is not published */
        snprintf(err, errlen, "%d figure%s could not be drawn (see above); no report written",
                 c.figure_failures, c.figure_failures == 1 ? "" : "s");
        status = 2;
    }
    if (status == 2) {
        snn_output_abort(&out);
    } else if (write_failed) {
        snn_output_fail(&out, saved_errno, err, errlen);
        status = 2;
    } else if (snn_output_commit(&out, err, errlen) != SNN_OK) {
        status = 2;
    } else {
        snprintf(path_out, path_len, "%s", out_path);
    }
    free_context(&c);
    return status;
}
