/* The report's verdicts, its study figures, each point's figures and provenance, and the
 * files with their SHA-256. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "snn/digest.h"
#include "snn/error.h"
#include "snn/study_run.h"
#include "report_html.h"
#include "report_parts.h"

static const char *yes_no(double verdict, const char *yes, const char *no) {
    return isnan(verdict) ? "no verdict" : verdict != 0 ? yes : no;
}

void report_section_verdicts(FILE *f, const report_context *c) {
    const snn_analysis_options *o = &c->analysis;
    fprintf(f, "<section id=\"verdicts\"><h2>Verdicts</h2>\n");
    fprintf(f,
            "<p>Asynchronous irregular (AI) regime: mean E rate below %g spikes/s, mean CV of "
            "the inter-spike intervals from %g to %g, synchrony (variance over mean of the "
            "population count in %g ms bins) below %g. Unimodal weights: Hartigan's dip test "
            "on the E&rarr;E weight sample does not reject unimodality at level %g "
            "(p &ge; %g).</p>\n",
            o->rate_max, o->cv_min, o->cv_max, o->sync_bin_ms, o->sync_max, o->alpha, o->alpha);
    fprintf(f, "<div class=\"scroll\"><table id=\"verdicts-table\"><thead><tr>"
               "<th class=\"text\" scope=\"col\">point</th><th scope=\"col\">AI regime</th>"
               "<th scope=\"col\">rate_mean (spikes/s)</th><th scope=\"col\">cv_isi_mean</th>"
               "<th scope=\"col\">synchrony</th><th scope=\"col\">unimodal</th>"
               "<th scope=\"col\">dip</th><th scope=\"col\">p</th><th scope=\"col\">sample</th>"
               "</tr></thead><tbody>\n");
    for (size_t i = 0; i < c->paths.count; i++) {
        const report_point *p = &c->points[i];
        fprintf(f, "<tr><td class=\"text\"><a href=\"#point-%zu\">", i + 1);
        html_text(f, p->name);
        fprintf(f, "</a></td>");
        if (!p->read) {
            fprintf(f, "<td class=\"text bad\" colspan=\"8\">");
            html_text(f, p->error);
            fprintf(f, "</td></tr>\n");
            continue;
        }
        const double ai = p->value[SNN_M_AI_REGIME], uni = p->value[SNN_M_UNIMODAL];
        fprintf(f, "<td class=\"%s\">%s</td><td>%.4g</td><td>%.4g</td><td>%.4g</td>",
                isnan(ai) ? ""
                : ai      ? "good"
                          : "bad",
                yes_no(ai, "yes", "no"), p->value[SNN_M_RATE_MEAN], p->value[SNN_M_CV_ISI_MEAN],
                p->value[SNN_M_SYNCHRONY]);
        if (isnan(uni))
            fprintf(f, "<td>no verdict (no weight sample)</td><td>-</td><td>-</td><td>-</td>");
        else
            fprintf(f, "<td class=\"%s\">%s</td><td>%.4g</td><td>%.4g</td><td>%zu</td>",
                    uni ? "good" : "bad", yes_no(uni, "yes", "no"), p->dip, p->dip_p, p->dip_n);
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</tbody></table></div>\n</section>\n");
}

void report_section_study_figures(FILE *f, report_context *c) {
    fprintf(f, "<section id=\"study-figures\"><h2>Study figures</h2>\n");
    static const char *const names[] = {"scaling_threads", "scaling_ranks", "scaling_scale",
                                        "stdp_map"};
    static const char *const alts[] = {
        "Simulation time and peak memory against threads: median over the runs of each "
        "value, bars from the least to the greatest, dashed the ideal linear speed-up",
        "Simulation time and peak memory per rank against MPI ranks: median over the runs, "
        "bars from the least to the greatest, dashed the ideal linear speed-up",
        "Simulation time and peak memory against the network's scale: median over the runs, "
        "bars from the least to the greatest",
        "Equilibrium rate and mean E->E weight against the swept STDP parameters"};
    if (report_figures(f, c, c->target, "study", names, alts, 4, 0) == 0)
        fprintf(f, "<p>None: no parameter of the study varies over threads, ranks, scale or "
                   "STDP.</p>\n");
    fprintf(f, "</section>\n");
}

static void point_figures(FILE *f, report_context *c, const report_point *p, size_t index) {
    static const char *const names[] = {"raster",  "rates",        "cv_isi",
                                        "weights", "weights_time", "timers"};
    const char *what[] = {
        "Raster of the recorded E neurons over both phases (dashed: end of the presimulation)",
        "Histogram of the E neurons' firing rates in the simulation phase",
        "Histogram of the E neurons' CV of inter-spike intervals",
        "E->E weight histogram at the last snapshot, with the dip test's verdict",
        "E->E weight distribution over time, each snapshot relative to its peak",
        "Wall-clock time per phase, and the parts of the simulation phase"};
    char alts[6][600];
    const char *alt_ptrs[6];
    for (size_t k = 0; k < 6; k++) {
        snprintf(alts[k], sizeof alts[k], "%s: %s", p->name, what[k]);
        alt_ptrs[k] = alts[k];
    }
    char sub[64];
    snprintf(sub, sizeof sub, "point-%zu", index + 1);
    if (report_figures(f, c, p->path, sub, names, alt_ptrs, 6, 1) == 0)
        fprintf(f, "<p>No figure could be drawn for this point.</p>\n");
}

void report_section_points(FILE *f, report_context *c) {
    fprintf(f, "<section id=\"each-point\"><h2>Each point: figures and provenance</h2>\n");
    for (size_t i = 0; i < c->paths.count; i++) {
        const report_point *p = &c->points[i];
        fprintf(f, "<section id=\"point-%zu\"><h3>", i + 1);
        html_text(f, p->name);
        fprintf(f, "</h3>\n");
        if (!p->read) {
            fprintf(f, "<p class=\"verdict-fail\">Not readable: ");
            html_text(f, p->error);
            fprintf(f, "</p></section>\n");
            continue;
        }
        point_figures(f, c, p, i);
        fprintf(f, "<h4>Provenance</h4>\n<dl>\n");
        for (size_t k = 0; snn_result_provenance_keys[k]; k++) {
            const char *key = snn_result_provenance_keys[k];
            const char *v = report_point_provenance(p, key);
            if (v) html_term(f, key, v[0] ? v : "(empty)");
        }
        fprintf(f, "</dl>\n</section>\n");
    }
    fprintf(f, "</section>\n");
}

static void file_row(FILE *f, const char *path, const char *shown) {
    struct stat st;
    if (stat(path, &st) != 0) return;
    char hash[SNN_SHA256_HEX_LEN], err[PATH_MAX + 256];
    fprintf(f, "<tr><td class=\"text\">");
    html_text(f, shown);
    fprintf(f, "</td><td>%lld</td><td class=\"text\"><code>", (long long)st.st_size);
    if (snn_digest_file_sha256(path, hash, err, sizeof err) == SNN_OK)
        fputs(hash, f);
    else
        html_text(f, err);
    fprintf(f, "</code></td></tr>\n");
}

void report_section_files(FILE *f, const report_context *c) {
    fprintf(f, "<section id=\"files\"><h2>Files and their SHA-256</h2>\n<p>Check a copy with "
               "<code>sha256sum FILE</code>.</p>\n<div class=\"scroll\"><table id=\"hashes\">"
               "<thead><tr><th class=\"text\" scope=\"col\">file</th><th scope=\"col\">bytes"
               "</th><th class=\"text\" scope=\"col\">SHA-256</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < c->paths.count; i++) {
        const char *base = strrchr(c->points[i].path, '/');
        file_row(f, c->points[i].path, base ? base + 1 : c->points[i].path);
        char analysis[PATH_MAX + 64];
        if (snn_analysis_path(c->points[i].path, analysis, sizeof analysis) == SNN_OK) {
            const char *abase = strrchr(analysis, '/');
            file_row(f, analysis, abase ? abase + 1 : analysis);
        }
    }
    if (c->is_study) {
        const char *derived[] = {"summary.csv", "summary.h5", SNN_STUDY_SCENARIO};
        for (size_t k = 0; k < 3; k++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s/%s", c->dir, derived[k]);
            file_row(f, path, derived[k]);
        }
    }
    fprintf(f, "</tbody></table></div>\n</section>\n");
}
