/* Prints a C header's predictions for a CSV file, in the format of python -m nn_pure.predict.
 *
 *     gcc -std=c99 -DMODEL_HEADER='"iris.h"' -DPREFIX=iris -DUPREFIX=IRIS -DSCALAR=float \
 *         -I FOLDER tests/c/predict.c -lm -o predict && ./predict < FILE.csv
 *
 * FILE.csv has a header line, then rows of the model's features in order followed by the
 * target column.  Output: `target,prediction[,p_<class>...]`, numbers with 17 digits.
 * Used by tests/test_export_c.py and .ci/c_export.sh; compiles as C99 and as C++.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include MODEL_HEADER

#define JOIN2(a, b) a##b
#define JOIN(a, b) JOIN2(a, b)
#define NAME(suffix) JOIN(PREFIX, suffix)
#define N_FEATURES JOIN(UPREFIX, _N_FEATURES)
#define N_OUTPUTS JOIN(UPREFIX, _N_OUTPUTS)

static char line[1 << 16];

/* The last comma-separated cell of the line, without its line break. */
static const char *last_cell(char *text)
{
    char *end = text + strcspn(text, "\r\n");
    char *comma;
    *end = '\0';
    comma = strrchr(text, ',');
    return comma ? comma + 1 : text;
}

int main(void)
{
    SCALAR x[N_FEATURES], out[N_OUTPUTS];
    int j;
    if (!fgets(line, sizeof line, stdin))
        return 1;
    printf("%s,prediction", last_cell(line));
#ifdef CLASSIFIER
    for (j = 0; j < N_OUTPUTS; j++)
        printf(",p_%s", NAME(_class_names)[j]);
#endif
    printf("\n");
    while (fgets(line, sizeof line, stdin)) {
        char *cell = line;
        for (j = 0; j < N_FEATURES; j++) {
            x[j] = (SCALAR)strtod(cell, &cell);
            if (*cell == ',')
                cell++;
        }
        NAME(_forward)(x, out);
        printf("%s,", last_cell(cell));
#ifdef CLASSIFIER
        j = NAME(_predict)(x);
        printf("%s", j >= 0 ? NAME(_class_names)[j] : "(not finite)");
        for (j = 0; j < N_OUTPUTS; j++)
            printf(",%.17g", (double)out[j]);
#else
        printf("%.17g", (double)out[0]);
#endif
        printf("\n");
    }
    return 0;
}
