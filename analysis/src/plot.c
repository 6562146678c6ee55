/* snn_plot: gnuplot figures of one result (raster, rates, CV, weights, timers) or of a study
 * (scaling and STDP maps), each written as .part and published whole. */
#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snn/analysis.h"
#include "snn/plot.h"
#include "snn/result_paths.h"
#include "snn/error.h"
#include "snn/gnuplot.h"
#include "snn/output_file.h"

/* Renders one figure from its data file; a figure with no data rows is skipped with a note
 * (a silent network has no rates to plot), which is not a failure. */
static int figure(const snn_gnuplot_figures *fs, const char *name, FILE *data, size_t rows,
                  const char *what, const char *body, int *failed) {
    char err[PATH_MAX + 2048];
    if (data && rows == 0) {
        fclose(data);
        char part[PATH_MAX + 300];
        snprintf(part, sizeof part, "%s/%s.dat.part", fs->dir, name);
        unlink(part);
        if (!fs->quiet) fprintf(stderr, "snnbench plot: no %s figure: %s\n", name, what);
        return -1;
    }
    if (snn_gnuplot_render(fs, name, data, body, err, sizeof err) != 0) {
        fprintf(stderr, "snnbench plot: %s\n", err);
        (*failed)++;
        return -1;
    }
    if (!fs->quiet) printf("%s/%s.%s\n", fs->dir, name, fs->format);
    return 0;
}

static void histogram_figure(const snn_gnuplot_figures *fs, const char *name, const double *v,
                             size_t n, const char *title, const char *xlabel, int *failed) {
    FILE *f = snn_gnuplot_data(fs, name);
    double hi = 0;
    size_t rows = 0;
    for (size_t i = 0; i < n && f; i++) {
        if (isfinite(v[i])) fprintf(f, "%.9g\n", v[i]), rows++;
        if (v[i] > hi) hi = v[i];
    }
    char body[2048];
    snprintf(
        body, sizeof body,
        "set title '%s'\nset xlabel '%s'\nset ylabel 'neurons'\nset style fill solid 0.6\n"
        "width = %.9g\nbin(x) = width * floor(x / width) + width / 2\n"
        "plot '%s.dat' using (bin($1)):(1.0) smooth freq with boxes lc rgb '#3060a0' notitle\n",
        title, xlabel, hi > 0 ? hi / 40 : 1.0, name);
    figure(fs, name, f, rows, "no recorded neuron has a value (silent network, or --record none)",
           body, failed);
}

static void plot_run(const snn_gnuplot_figures *fs, const snn_result *r, const snn_analysis *a,
                     int *failed) {
    char name[512], body[4096];
    const char *base = strrchr(r->path, '/');
    snn_gnuplot_quote(name, sizeof name, base ? base + 1 : r->path);

    FILE *f = snn_gnuplot_data(fs, "raster");
    {
        for (size_t i = 0; i < r->E.n && f; i++)
            fprintf(f, "%.4f %llu\n", r->E.t[i], (unsigned long long)r->E.id[i]);
        snprintf(body, sizeof body,
                 "set title 'Raster of %lld recorded E neurons: %s'\nset xlabel 'time (ms)'\n"
                 "set ylabel 'neuron (E node id)'\nset xrange [0:%g]\n"
                 "set arrow from %g, graph 0 to %g, graph 1 nohead dashtype 2 lc rgb 'red'\n"
                 "plot 'raster.dat' using 1:2 with dots lc rgb 'black' notitle\n",
                 (long long)r->E.recorded, name, r->sim_end_ms, r->presim_end_ms, r->presim_end_ms);
        figure(fs, "raster", f, r->E.n, "no E spikes were recorded", body, failed);
    }
    char title[1024];
    snprintf(title, sizeof title, "Firing rates, simulation phase (mean %.2f spikes/s): %s",
             a->E.rate_mean, name);
    histogram_figure(fs, "rates", a->E.rates, a->E.rates ? a->E.n_neurons : 0, title,
                     "rate (spikes/s)", failed);
    snprintf(title, sizeof title, "CV of inter-spike intervals (mean %.2f): %s", a->E.cv_mean,
             name);
    histogram_figure(fs, "cv_isi", a->E.cvs, a->E.n_cv, title, "CV of ISI", failed);

    /* the weight histogram at the end, and its evolution, over the bins in use */
    size_t lo = r->n_bins, hi = 0;
    for (size_t s = 0; s < r->n_snapshots; s++)
        for (size_t b = 0; b < r->n_bins; b++)
            if (r->histogram[s * r->n_bins + b]) {
                if (b < lo) lo = b;
                if (b > hi) hi = b;
            }
    if (r->n_snapshots > 0 && lo <= hi) {
        const size_t last = r->n_snapshots - 1;
        f = snn_gnuplot_data(fs, "weights");
        for (size_t b = lo; b <= hi && f; b++)
            fprintf(f, "%.6f %llu\n", 0.5 * (r->bin_edges[b] + r->bin_edges[b + 1]),
                    (unsigned long long)r->histogram[last * r->n_bins + b]);
        char p[32];
        snprintf(p, sizeof p, isnan(a->dip.p_value) ? "NA" : "%.3g", a->dip.p_value);
        snprintf(body, sizeof body,
                 "set title \"E->E weights at %.0f ms: dip %.4g, p = %s (%s, n = %zu)\\n\" . '%s'\n"
                 "set xlabel 'weight (pA)'\nset ylabel 'synapses'\nset style fill solid 0.6\n"
                 "plot 'weights.dat' using 1:2 with boxes lc rgb '#a03030' notitle\n",
                 r->snapshot_times[last], a->dip.dip, p,
                 a->dip.unimodal == SNN_VERDICT_NA ? "no verdict"
                 : a->dip.unimodal                 ? "unimodal"
                                                   : "not unimodal",
                 a->dip.n, name);
        figure(fs, "weights", f, hi - lo + 1, "no weights", body, failed);

        f = snn_gnuplot_data(fs, "weights_time");
        for (size_t s = 0; s < r->n_snapshots && f; s++) {
            /* each snapshot relative to its own peak, so that every column shows its shape */
            uint64_t peak = 1;
            for (size_t b = lo; b <= hi; b++)
                if (r->histogram[s * r->n_bins + b] > peak) peak = r->histogram[s * r->n_bins + b];
            for (size_t b = lo; b <= hi; b++)
                fprintf(f, "%.3f %.6f %.6g\n", r->snapshot_times[s],
                        0.5 * (r->bin_edges[b] + r->bin_edges[b + 1]),
                        (double)r->histogram[s * r->n_bins + b] / (double)peak);
            fputc('\n', f);
        }
        snprintf(body, sizeof body,
                 "set title 'E->E weight distribution over time: %s'\nset xlabel 'time (ms)'\n"
                 "set ylabel 'weight (pA)'\nset cblabel 'synapses per bin, relative to the "
                 "snapshot peak'\nset view map\n"
                 "set palette defined (0 'white', 1 '#3060a0', 2 '#a03030')\n"
                 "splot 'weights_time.dat' using 1:2:3 with pm3d notitle\n",
                 name);
        figure(fs, "weights_time", f, r->n_snapshots, "no weight snapshots", body, failed);
    }

    f = snn_gnuplot_data(fs, "timers");
    {
        /* the phases, then the parts of the simulation phase, as the result names them */
        const snn_result_timer_index keys[] = {SNN_TIMER_CONSTRUCTION_CREATE,
                                               SNN_TIMER_CONSTRUCTION_CONNECT,
                                               SNN_TIMER_PRESIMULATE,
                                               SNN_TIMER_SIMULATE,
                                               SNN_TIMER_UPDATE,
                                               SNN_TIMER_GATHER_SPIKE_DATA,
                                               SNN_TIMER_DELIVER_SPIKE_DATA};
        for (size_t i = 0; i < sizeof keys / sizeof *keys && f; i++)
            fprintf(f, "%s %.6g\n", snn_result_timer_fields[keys[i]].name + strlen("time_"),
                    snn_result_timer_at(r, keys[i]));
        snprintf(
            body, sizeof body,
            "set title 'Wall-clock time per phase (update, gather, deliver: inside simulate): %s'\n"
            "set ylabel 'time (s)'\nset style data histograms\nset style fill solid 0.6\n"
            "set xtics rotate by -30\nset yrange [0:*]\n"
            "plot 'timers.dat' using 2:xtic(1) lc rgb '#3060a0' notitle\n",
            name);
        figure(fs, "timers", f, sizeof keys / sizeof *keys, "", body, failed);
    }
}

typedef struct {
    double threads, ranks, scale, time_simulate, vmhwm, rate, weight;
    double stdp[4];
} point;

static const char *const stdp_keys[4] = {"stdp.lambda", "stdp.alpha", "stdp.mu", "stdp.tau_plus"};

/* The member of a point at offset (a double). */
static double member(const point *p, size_t offset) {
    double v;
    memcpy(&v, (const char *)p + offset, sizeof v);
    return v;
}

static int distinct(const point *p, size_t n, size_t offset) {
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= member(&p[j], offset) == member(&p[i], offset);
        count += !seen;
    }
    return count;
}

static int by_value(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median, least and greatest of v (sorted in place). */
static void spread(double *v, size_t n, double out[3]) {
    qsort(v, n, sizeof *v, by_value);
    out[0] = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    out[1] = v[0], out[2] = v[n - 1];
}

/* Time and memory against one swept quantity (threads, ranks or scale): per value the median
 * over the points that have it (repetitions, and any other parameter that varies), with bars
 * from the least to the greatest, so that the spread of repeated runs shows. */
static int scaling_figure(const snn_gnuplot_figures *fs, const char *dir_name, const point *p,
                          size_t n, size_t offset, const char *what, int *failed) {
    char name[64], body[4096];
    snprintf(name, sizeof name, "scaling_%s", what);
    FILE *f = snn_gnuplot_data(fs, name);
    double *x = malloc((n + 1) * sizeof *x), *t = malloc((n + 1) * sizeof *t),
           *m = malloc((n + 1) * sizeof *m);
    size_t rows = 0;
    for (size_t i = 0; i < n && x && t && m; i++)
        x[i] = member(&p[i], offset);
    if (x && t && m) qsort(x, n, sizeof *x, by_value);
    double first_time = NAN, first_x = NAN;
    for (size_t i = 0; i < n && f && x && t && m; i++) {
        if (i > 0 && x[i] == x[i - 1]) continue;
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            if (member(&p[j], offset) == x[i])
                t[k] = p[j].time_simulate, m[k++] = p[j].vmhwm / 1048576.0;
        double ts[3], ms[3];
        spread(t, k, ts);
        spread(m, k, ms);
        fprintf(f, "%g %.6g %.6g %.6g %.6g %.6g %.6g %zu\n", x[i], ts[0], ts[1], ts[2], ms[0],
                ms[1], ms[2], k);
        if (rows++ == 0) first_time = ts[0], first_x = x[i];
    }
    free(x), free(t), free(m);
    /* more threads or ranks: the ideal speed-up from the first point, on a log axis */
    const int ideal = strcmp(what, "scale") != 0;
    char ideal_lines[160] = "";
    if (ideal)
        snprintf(ideal_lines, sizeof ideal_lines, "ideal(x) = %.9g * %g / x\nset logscale x\n",
                 first_time, first_x);
    snprintf(body, sizeof body,
             "%sset offsets graph 0.05, graph 0.05, 0, 0\n"
             "set title 'Time and memory against %s (median, bars: least to greatest of the "
             "runs): %s'\nset xlabel '%s'\nset ylabel 'time_simulate (s)'\n"
             "set y2label 'peak RSS per rank (GiB)'\nset y2tics\nset ytics nomirror\n"
             "set key top center\n"
             "plot '%s.dat' using 1:2:3:4 with yerrorlines pt 7 lc rgb '#3060a0' title "
             "'time_simulate', '' using 1:5:6:7 axes x1y2 with yerrorlines pt 5 lc rgb '#a03030' "
             "title 'peak RSS'%s\n",
             ideal_lines, what, dir_name, what, name,
             ideal ? ", ideal(x) with lines dashtype 2 lc rgb '#3060a0' title 'ideal time "
                     "(linear speed-up)'"
                   : "");
    return figure(fs, name, f, rows, "", body, failed) == 0;
}

static void plot_study(const snn_gnuplot_figures *fs, const char *dir, const point *p, size_t n,
                       int *failed) {
    char name[512];
    snn_gnuplot_quote(name, sizeof name, dir);
    int made = 0;
    const struct {
        size_t offset;
        const char *what;
    } axes[] = {{offsetof(point, threads), "threads"},
                {offsetof(point, ranks), "ranks"},
                {offsetof(point, scale), "scale"}};
    for (size_t a = 0; a < sizeof axes / sizeof axes[0]; a++)
        if (distinct(p, n, axes[a].offset) > 1)
            made += scaling_figure(fs, name, p, n, axes[a].offset, axes[a].what, failed);
    int varying[4], n_varying = 0;
    for (int k = 0; k < 4; k++)
        if (distinct(p, n, offsetof(point, stdp) + (size_t)k * sizeof(double)) > 1)
            varying[n_varying++] = k;
    if (n_varying == 1 || n_varying == 2) {
        char body[4096];
        FILE *f = snn_gnuplot_data(fs, "stdp_map");
        for (size_t i = 0; i < n && f; i++)
            fprintf(f, "%.9g %.9g %.6g %.6g\n", p[i].stdp[varying[0]],
                    n_varying == 2 ? p[i].stdp[varying[1]] : 0.0, p[i].rate, p[i].weight);
        if (n_varying == 1)
            snprintf(body, sizeof body,
                     "set title 'Equilibrium against %s: %s'\nset xlabel '%s'\n"
                     "set ylabel 'rate (spikes/s)'\nset y2label 'mean E->E weight (pA)'\n"
                     "set y2tics\nset ytics nomirror\n"
                     "plot 'stdp_map.dat' using 1:3 with linespoints pt 7 title 'rate', "
                     "'' using 1:4 axes x1y2 with linespoints pt 5 title 'mean weight'\n",
                     stdp_keys[varying[0]], name, stdp_keys[varying[0]]);
        else
            snprintf(body, sizeof body,
                     "set multiplot layout 1,2 title 'Equilibrium against %s and %s: %s'\n"
                     "set xlabel '%s'\nset ylabel '%s'\nset palette rgb 33,13,10\n"
                     "set title 'rate (spikes/s)'\n"
                     "plot 'stdp_map.dat' using 1:2:3 with points pt 5 ps 4 lc palette notitle\n"
                     "set title 'mean E->E weight (pA)'\n"
                     "plot 'stdp_map.dat' using 1:2:4 with points pt 5 ps 4 lc palette notitle\n"
                     "unset multiplot\n",
                     stdp_keys[varying[0]], stdp_keys[varying[1]], name, stdp_keys[varying[0]],
                     stdp_keys[varying[1]]);
        made += figure(fs, "stdp_map", f, n, "", body, failed) == 0;
    }
    if (!made && !*failed && !fs->quiet)
        fprintf(stderr,
                "snnbench plot: %s: no parameter varies over threads, ranks, scale or STDP; "
                "plot its files one by one\n",
                dir);
}

int snn_plot_path(const char *target, const snn_plot_options *opt) {
    snn_gnuplot_figures fs = {
        .format = opt->format, .width = opt->width, .height = opt->height, .quiet = opt->quiet};
    const char *out_dir = opt->out_dir;
    char err[4352];
    snn_result_paths paths;
    if (snn_result_paths_list(target, &paths, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench plot: %s\n", err);
        return 1;
    }
    int n;
    if (out_dir)
        n = snprintf(fs.dir, sizeof fs.dir, "%s", out_dir);
    else if (paths.is_study)
        n = snprintf(fs.dir, sizeof fs.dir, "%s/plots", target);
    else
        n = snprintf(fs.dir, sizeof fs.dir, "%.*s-plots",
                     (int)(strlen(target) > 3 ? strlen(target) - 3 : strlen(target)), target);
    char probe[sizeof fs.dir + 32];
    snprintf(probe, sizeof probe, "%s/weights_time.png", fs.dir);
    if (n < 0 || (size_t)n >= sizeof fs.dir ||
        snn_path_check("plot folder", probe, err, sizeof err) != SNN_OK) {
        if (n >= 0 && (size_t)n >= sizeof fs.dir)
            snprintf(err, sizeof err, "the plot folder's path is too long (at most %zu characters)",
                     sizeof fs.dir - 1);
        fprintf(stderr, "snnbench plot: %s\n", err);
        snn_result_paths_free(&paths);
        return 2;
    }
    const int created = mkdir(fs.dir, 0777) == 0;
    if (!created && errno != EEXIST) {
        fprintf(stderr, "snnbench plot: cannot create %s: %s\n", fs.dir, strerror(errno));
        snn_result_paths_free(&paths);
        return 1;
    }
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    int failed = 0;
    point *points = calloc(paths.count, sizeof *points);
    size_t n_points = 0;
    for (size_t i = 0; i < paths.count; i++) {
        snn_result r;
        snn_analysis a;
        if (snn_result_read(paths.paths[i], &r, err, sizeof err) != SNN_OK) {
            /* in a study folder, an HDF5 file of another program is not ours to plot */
            const int foreign = paths.is_study && strstr(err, "not a snnbench result");
            fprintf(stderr, "snnbench plot: %s%s\n", err, foreign ? "; skipped" : "");
            failed += !foreign;
            continue;
        }
        if (snn_analyze(&r, &o, &a) == SNN_OK) {
            if (!paths.is_study) plot_run(&fs, &r, &a, &failed);
            point *p = &points[n_points++];
            p->threads = snn_result_config(&r, "simulation.threads");
            p->ranks = snn_result_config(&r, "simulation.ranks");
            p->scale = snn_result_config(&r, "simulation.scale");
            p->time_simulate = a.value[SNN_M_TIME_SIMULATE];
            p->vmhwm = a.value[SNN_M_VMHWM];
            p->rate = a.value[SNN_M_RATE_MEAN];
            p->weight = a.value[SNN_M_WEIGHT_MEAN];
            for (int k = 0; k < 4; k++)
                p->stdp[k] = snn_result_config(&r, stdp_keys[k]);
            snn_analysis_free(&a);
        } else {
            fprintf(stderr, "snnbench plot: %s: out of memory analysing it\n", paths.paths[i]);
            failed++;
        }
        snn_result_free(&r);
    }
    if (paths.is_study && n_points > 0) plot_study(&fs, target, points, n_points, &failed);
    if (created) rmdir(fs.dir); /* succeeds only if nothing was made in it */
    free(points);
    snn_result_paths_free(&paths);
    return failed ? 1 : 0;
}
