/* The report's account of what was run (scenario, sweep, repetitions, simulators, builds,
 * machines, times) and its table of points, which is summary.csv's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "snn/digest.h"
#include "snn/error.h"
#include "snn/metrics.h"
#include "snn/study_run.h"
#include "report_html.h"
#include "report_parts.h"

/* The distinct values of a provenance key over the points, "; "-separated, in point order;
 * NULL when no point records it. */
static const char *distinct_values(const report_context *c, const char *key, char *buf,
                                   size_t len) {
    buf[0] = '\0';
    int any = 0;
    for (size_t i = 0; i < c->paths.count; i++) {
        const char *v = report_point_provenance(&c->points[i], key);
        if (!v) continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *w = report_point_provenance(&c->points[j], key);
            seen = w && strcmp(v, w) == 0;
        }
        if (seen) continue;
        const size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s", any ? "; " : "", v);
        any = 1;
    }
    return any ? buf : NULL;
}

/* The least (first) or greatest (!first) of an ISO 8601 time over the points. */
static const char *extreme_time(const report_context *c, const char *key, int first) {
    const char *best = NULL;
    for (size_t i = 0; i < c->paths.count; i++) {
        const char *v = report_point_provenance(&c->points[i], key);
        if (v && v[0] && (!best || (strcmp(v, best) < 0) == first)) best = v;
    }
    return best;
}

static void scenario_terms(FILE *f, const report_context *c) {
    const snn_scenario *s = &c->scenario;
    html_term(f, "Description", s->description[0] ? s->description : "(none)");
    char buf[8192] = "";
    for (size_t a = 0; a < s->n_axes; a++) {
        size_t used = strlen(buf);
        snprintf(buf + used, sizeof buf - used, "%s%s: ", a ? "\n" : "", s->axes[a].key);
        for (size_t v = 0; v < s->axes[a].n_values; v++) {
            used = strlen(buf);
            snprintf(buf + used, sizeof buf - used, "%s%.10g", v ? ", " : "", s->axes[a].values[v]);
        }
    }
    html_term(f, "Swept parameters", s->n_axes ? buf : "none (one point)");
    if (s->n_axes > 1)
        html_term(f, "Combination",
                  s->zip ? "zip (the lists taken in step)" : "product (every combination)");
    snprintf(buf, sizeof buf, "%d (seeds: %s)", s->repetitions,
             s->successive_seeds ? "successive: seed, seed + 1, ..."
                                 : "the same for every repetition");
    html_term(f, "Repetitions", buf);
}

void report_section_run(FILE *f, report_context *c) {
    fprintf(f, "<section id=\"run\"><h2>What was run</h2>\n<dl>\n");
    char scenario_path[PATH_MAX + 64], hash[SNN_SHA256_HEX_LEN], err[PATH_MAX + 256];
    snprintf(scenario_path, sizeof scenario_path, "%s/%s", c->dir, SNN_STUDY_SCENARIO);
    const int have_text =
        c->is_study && snn_digest_file_sha256(scenario_path, hash, err, sizeof err) == SNN_OK;
    if (c->is_study) {
        char line[PATH_MAX + 200];
        if (have_text)
            snprintf(line, sizeof line, "%s (SHA-256 %s)", SNN_STUDY_SCENARIO, hash);
        else
            snprintf(line, sizeof line, "not available: %s", c->scenario_error);
        html_term(f, "Scenario file", line);
        if (c->have_scenario)
            scenario_terms(f, c);
        else if (have_text)
            html_term(f, "Scenario", c->scenario_error);
    }
    size_t read = 0;
    for (size_t i = 0; i < c->paths.count; i++)
        read += c->points[i].read;
    char buf[8192];
    snprintf(buf, sizeof buf, "%zu result file%s (%zu read)", c->paths.count,
             c->paths.count == 1 ? "" : "s", read);
    html_term(f, "Results", buf);
    const struct {
        const char *term, *key;
    } shared[] = {{"Simulator", "simulator"},
                  {"Imported by", "imported_by"},
                  {"Commit", "git_commit"},
                  {"Uncommitted change (SHA-256 of git diff)", "git_diff_sha256"},
                  {"Compiler", "compiler"},
                  {"Flags", "compiler_flags"},
                  {"Libraries", "libraries"},
                  {"Host", "hostname"},
                  {"CPU", "cpu_model"},
                  {"Cores", "cores"},
                  {"Kernel", "kernel"},
                  {"Transparent huge pages", "transparent_hugepages"},
                  {"E->E row loop (per rank)", "rank_ee_row_loop"}};
    for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++) {
        const char *v = distinct_values(c, shared[k].key, buf, sizeof buf);
        if (!v && strcmp(shared[k].key, "imported_by") == 0) continue; /* our own runs */
        if (v && !v[0]) v = "(none)";
        html_term(f, shared[k].term, v);
    }
    html_term(f, "First start (UTC)", extreme_time(c, "start_time", 1));
    html_term(f, "Last end (UTC)", extreme_time(c, "end_time", 0));
    fprintf(f, "</dl>\n");
    if (have_text) {
        fprintf(f, "<h3>The scenario file</h3>\n<pre>");
        FILE *in = fopen(scenario_path, "r");
        char line[4096];
        while (in && fgets(line, sizeof line, in))
            html_text(f, line);
        if (in) fclose(in);
        fprintf(f, "</pre>\n<p>To run it again: <code>snnbench run ");
        html_text(f, scenario_path);
        fprintf(f, " -o NEW_FOLDER</code> with the same build; each point's exact command line "
                   "is in its provenance below.</p>\n");
    }
    fprintf(f, "</section>\n");
}

/* One CSV field (RFC 4180: quoted fields, quotes doubled) from *p, into out. */
static void csv_field(const char **p, char *out, size_t len) {
    size_t n = 0;
    const char *s = *p;
    if (*s == '"') {
        for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
            if (*s == '"') s++; /* a doubled quote */
            if (n + 1 < len) out[n++] = *s;
        }
        if (*s == '"') s++;
    } else {
        for (; *s && *s != ','; s++)
            if (n + 1 < len) out[n++] = *s;
    }
    out[n] = '\0';
    if (*s == ',') s++;
    *p = s;
}

static void table_row(FILE *f, char *line, int header, int status_column) {
    line[strcspn(line, "\r\n")] = '\0';
    fputs("<tr>", f);
    const char *p = line;
    char cell[4096];
    for (int k = 0; *p || k == 0; k++) {
        csv_field(&p, cell, sizeof cell);
        const char *cls = k < 3 ? "text" : "";
        if (!header && k == status_column)
            cls = strcmp(cell, "ok") == 0 || strcmp(cell, "kept") == 0 ? "text good" : "text bad";
        fprintf(f, header ? "<th scope=\"col\" class=\"%s\">" : "<td class=\"%s\">", cls);
        html_text(f, cell);
        fputs(header ? "</th>" : "</td>", f);
    }
    fputs("</tr>\n", f);
}

static void csv_quoted(FILE *f, const char *text) {
    fputc('"', f);
    for (; *text; text++) {
        if (*text == '"') fputc('"', f);
        fputc(*text, f);
    }
    fputc('"', f);
}

/* For a result file, or a folder without a summary: summary.csv's columns from the
 * analyses (parameters, then the registry's summary metrics, %.10g, NA where missing). */
static char *built_summary(const report_context *c, size_t *len) {
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f) return NULL;
    const char *params[] = {"simulation.scale", "simulation.threads",    "simulation.ranks",
                            "simulation.seed",  "simulation.presimtime", "simulation.simtime"};
    const int param_metric[] = {SNN_M_SCALE, SNN_M_THREADS, -1, SNN_M_SEED, -1, -1};
    fprintf(f, "point,file,status");
    for (size_t k = 0; k < 6; k++)
        fprintf(f, ",%s", params[k]);
    for (int m = 0; m < SNN_METRICS; m++)
        if (snn_metric_table[m].in_summary) fprintf(f, ",%s", snn_metric_table[m].key);
    fputc('\n', f);
    for (size_t i = 0; i < c->paths.count; i++) {
        const report_point *p = &c->points[i];
        const char *file = strrchr(p->path, '/');
        csv_quoted(f, p->name);
        fputc(',', f);
        csv_quoted(f, file ? file + 1 : p->path);
        fputc(',', f);
        csv_quoted(f, p->read ? "ok" : "unreadable");
        for (size_t k = 0; k < 6; k++) {
            double v = NAN;
            if (p->read && param_metric[k] >= 0) v = p->value[param_metric[k]];
            if (p->read && k == 2) {
                const char *ranks = report_point_provenance(p, "ranks");
                v = ranks ? atof(ranks) : NAN;
            }
            if (isnan(v))
                fprintf(f, ",NA");
            else
                fprintf(f, ",%.10g", v);
        }
        for (int m = 0; m < SNN_METRICS; m++)
            if (snn_metric_table[m].in_summary) {
                const double v = p->read ? p->value[m] : NAN;
                if (isnan(v))
                    fprintf(f, ",NA");
                else
                    fprintf(f, ",%.10g", v);
            }
        fputc('\n', f);
    }
    fclose(f);
    return text;
}

int report_section_table(FILE *f, const report_context *c, char *err, size_t errlen) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/summary.csv", c->dir);
    struct stat st;
    const int from_summary = c->is_study && stat(path, &st) == 0;
    FILE *in;
    char *built = NULL;
    size_t built_len = 0;
    if (from_summary) {
        in = fopen(path, "r");
        if (!in) {
            snprintf(err, errlen, "cannot read %s", path);
            return -1;
        }
    } else {
        built = built_summary(c, &built_len);
        in = built ? fmemopen(built, built_len, "r") : NULL;
        if (!in) {
            free(built);
            snprintf(err, errlen, "out of memory for the table of points");
            return -1;
        }
    }
    fprintf(f, "<section id=\"points\"><h2>Points and their metrics</h2>\n<p>");
    if (from_summary)
        fprintf(f, "The study's summary.csv, as it stands (one row per point; NA where a figure "
                   "is missing).");
    else
        fprintf(f, "The columns of a study's summary.csv, from the analysis of each file.");
    fprintf(f, " Metrics and units: <code>snnbench analyze --help</code>.</p>\n");
    fprintf(f, "<div class=\"scroll\"><table id=\"summary\">\n");
    char *line = NULL;
    size_t cap = 0;
    int row = 0;
    while (getline(&line, &cap, in) > 0) {
        if (row == 0) fputs("<thead>", f);
        table_row(f, line, row == 0, 2);
        if (row++ == 0) fputs("</thead><tbody>\n", f);
    }
    fprintf(f, "</tbody></table></div>\n</section>\n");
    free(line);
    fclose(in);
    free(built);
    return 0;
}
