/* report_html: the few pieces of HTML the report is made of, each escaping what it is given,
 * so that no string from a scenario, a parameter, a file name or a result file can become
 * markup. */
#ifndef SNN_REPORT_HTML_H
#define SNN_REPORT_HTML_H

#include <stdio.h>

/* Text as element content or attribute value: & < > " ' as character references. */
void html_text(FILE *f, const char *s);
/* printf-style, then escaped as html_text; cut at 8 kB. */
void html_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <dt>term</dt><dd>value</dd>, value escaped; an absent value (NULL) shows as "not recorded". */
void html_term(FILE *f, const char *term, const char *value);
/* An <img> whose source is the file at path as a data: URI (base64), with alt text; 0, or -1
 * if the file cannot be opened (nothing written then) or a read failed. */
int html_image(FILE *f, const char *path, const char *mime, const char *alt);

#endif
