/* Prints a C header's predictions for a CSV file, in the format of python -m nn_pure.predict.
 *
 *     gcc -std=c99 -DMODEL_HEADER='"iris.h"' -DPREFIX=iris -DUPREFIX=IRIS -DSCALAR=float \
 *         [-DCLASSIFIER] [-DCATEGORIES] -I FOLDER tests/c/predict.c -lm -o predict
 *     ./predict < FILE.csv
 *
 * FILE.csv is comma-separated, with a header line naming its columns, as predict reads
 * it: the model's features are found by name (PREFIX_feature_names), in any order, other
 * columns are ignored, and the target column (PREFIX_target_name) is copied to the output.
 * Cells may be quoted ("Allen, Miss. Elisabeth Walton"), and are stripped of spaces.
 * A cell spelled as nn_pure.encode.MISSING spells a gap goes in as NAN; with -DCATEGORIES
 * (the header has category columns), a category column's cell goes in as its index in
 * PREFIX_category_names[j] (found by its text), or -1 when the model never saw it; other
 * cells are numbers.
 * Output: `target,prediction[,p_<class>...]`, numbers with 17 digits.
 * Used by .ci/c_export.sh and tests/test_export_c.py; compiles as C99 and as C++.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include MODEL_HEADER

#define JOIN2(a, b) a##b
#define JOIN(a, b) JOIN2(a, b)
#define NAME(suffix) JOIN(PREFIX, suffix)
#define N_FEATURES JOIN(UPREFIX, _N_FEATURES)
#define N_OUTPUTS JOIN(UPREFIX, _N_OUTPUTS)
#define MAX_CELLS 4096

static char line[1 << 16];
static char *cells[MAX_CELLS];

/* Read one CSV record into line: a quoted cell may hold line breaks, so go on reading
   while the quotes are unbalanced.  Returns 0 at the end of the input. */
static int read_record(void)
{
    size_t length = 0, quotes = 0, i;
    if (!fgets(line, sizeof line, stdin))
        return 0;
    for (;;) {
        for (i = length; line[i]; i++)
            quotes += line[i] == '"';
        length = i;
        if (quotes % 2 == 0 || length + 1 >= sizeof line ||
                !fgets(line + length, (int)(sizeof line - length), stdin))
            return 1;
    }
}

/* nn_pure.encode.MISSING: the spellings of a missing cell. */
static const char *const missing[] = {"", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL",
                                      "?", "#N/A"};

/* Split line into its cells, in place: quotes removed ("" is one "), spaces stripped.
   Returns how many cells, or -1 for more than MAX_CELLS. */
static int split(char *text)
{
    int n = 0;
    char *read = text, *write, *start, *end;
    size_t end_of_line = strlen(text);
    while (end_of_line > 0 && (text[end_of_line - 1] == '\n' || text[end_of_line - 1] == '\r'))
        text[--end_of_line] = '\0';
    for (;;) {
        if (n == MAX_CELLS)
            return -1;
        while (*read == ' ' || *read == '\t')
            read++;
        start = write = read;
        if (*read == '"') {
            read++;
            while (*read && !(read[0] == '"' && read[1] != '"')) {
                if (read[0] == '"')         /* "" inside quotes: one " */
                    read++;
                *write++ = *read++;
            }
            if (*read == '"')
                read++;
            while (*read && *read != ',')   /* anything after the closing quote */
                *write++ = *read++;
        } else {
            while (*read && *read != ',')
                *write++ = *read++;
        }
        end = write;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        cells[n++] = start;
        if (*read == '\0') {
            *end = '\0';
            return n;
        }
        read++;                             /* past the comma */
        *end = '\0';
    }
}

/* Print one cell of CSV output, prefix then text, quoted as a whole (as Python's csv
   module does) when it holds a comma, a quote or a line break. */
static void put_cell(const char *prefix, const char *text)
{
    if (strpbrk(text, ",\"\r\n") == NULL) {
        printf("%s%s", prefix, text);
        return;
    }
    printf("\"%s", prefix);
    for (; *text; text++) {
        if (*text == '"')
            putchar('"');
        putchar(*text);
    }
    putchar('"');
}

static int is_missing(const char *cell)
{
    size_t i;
    for (i = 0; i < sizeof missing / sizeof missing[0]; i++)
        if (strcmp(cell, missing[i]) == 0)
            return 1;
    return 0;
}

/* The value x[j] takes for this cell. */
static SCALAR value(int j, const char *cell)
{
#ifdef CATEGORIES
    int k;
#endif
    if (is_missing(cell))
        return (SCALAR)NAN;
#ifdef CATEGORIES
    if (NAME(_n_categories)[j] > 0) {
        for (k = 0; k < NAME(_n_categories)[j]; k++)
            if (strcmp(cell, NAME(_category_names)[j][k]) == 0)
                return (SCALAR)k;
        return (SCALAR)-1;                  /* not seen in training: all zeros */
    }
#else
    (void)j;
#endif
    return (SCALAR)strtod(cell, NULL);
}

int main(void)
{
    SCALAR x[N_FEATURES], out[N_OUTPUTS];
    int position[N_FEATURES], target = -1, n_columns, n, j, c;
    if (!read_record() || (n_columns = split(line)) < 0)
        return 1;
    for (j = 0; j < N_FEATURES; j++) {
        position[j] = -1;
        for (c = 0; c < n_columns; c++)
            if (strcmp(cells[c], NAME(_feature_names)[j]) == 0)
                position[j] = c;
        if (position[j] < 0) {
            fprintf(stderr, "predict.c: the file has no column %s\n", NAME(_feature_names)[j]);
            return 1;
        }
    }
    for (c = 0; c < n_columns; c++)
        if (strcmp(cells[c], NAME(_target_name)) == 0)
            target = c;
    if (target >= 0) {
        put_cell("", NAME(_target_name));
        putchar(',');
    }
    printf("prediction");
#ifdef CLASSIFIER
    for (j = 0; j < N_OUTPUTS; j++) {
        putchar(',');
        put_cell("p_", NAME(_class_names)[j]);
    }
#endif
    printf("\n");
    while (read_record()) {
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;                       /* a blank line, as predict skips it */
        n = split(line);
        if (n != n_columns) {
            fprintf(stderr, "predict.c: a row of %d cells, the header has %d\n", n, n_columns);
            return 1;
        }
        for (j = 0; j < N_FEATURES; j++)
            x[j] = value(j, cells[position[j]]);
        NAME(_forward)(x, out);
        if (target >= 0) {
            put_cell("", cells[target]);
            putchar(',');
        }
#ifdef CLASSIFIER
        j = NAME(_predict)(x);
        put_cell("", j >= 0 ? NAME(_class_names)[j] : "(not finite)");
        for (j = 0; j < N_OUTPUTS; j++)
            printf(",%.17g", (double)out[j]);
#else
        printf("%.17g", (double)out[0]);
#endif
        printf("\n");
    }
    return 0;
}
