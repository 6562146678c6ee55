/* report_html: escaped text, definition lists and embedded images (base64 by nettle). */
#include "report_html.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <nettle/base64.h>

void html_text(FILE *f, const char *s) {
    for (; s && *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
}

void html_textf(FILE *f, const char *fmt, ...) {
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    html_text(f, buf);
}

void html_term(FILE *f, const char *term, const char *value) {
    fputs("<dt>", f);
    html_text(f, term);
    fputs("</dt><dd>", f);
    if (value)
        html_text(f, value);
    else
        fputs("<em>not recorded</em>", f);
    fputs("</dd>\n", f);
}

int html_image(FILE *f, const char *path, const char *mime, const char *alt) {
    FILE *in = fopen(path, "rb");
    if (!in) return -1;
    fprintf(f, "<img alt=\"");
    html_text(f, alt);
    fprintf(f, "\" src=\"data:%s;base64,", mime);
    /* whole groups of 3 bytes per block, so that no padding falls inside the stream */
    uint8_t block[3 * 16384];
    char encoded[BASE64_ENCODE_LENGTH(sizeof block) + BASE64_ENCODE_FINAL_LENGTH];
    struct base64_encode_ctx ctx;
    base64_encode_init(&ctx);
    size_t n;
    while ((n = fread(block, 1, sizeof block, in)) > 0) {
        const size_t length = base64_encode_update(&ctx, encoded, n, block);
        fwrite(encoded, 1, length, f);
    }
    const size_t length = base64_encode_final(&ctx, encoded);
    fwrite(encoded, 1, length, f);
    const int failed = ferror(in);
    fclose(in);
    fputs("\">", f);
    return failed ? -1 : 0;
}
