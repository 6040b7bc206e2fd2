/* Classify Iris flowers read from standard input, with a model exported as a C header.
 *
 *     python -m nn_pure.train --data examples/data/iris.csv --target species --save iris.json
 *     python -m nn_pure.export iris.json --format c --output examples/c/iris.h
 *     gcc -std=c99 -O2 -Wall examples/c/main.c -lm -o iris
 *     ./iris < examples/data/iris.csv
 *
 * Each line holds the four measurements, separated by commas (sepal length, sepal
 * width, petal length, petal width, in cm); anything after them (the species column)
 * is ignored, and so is a line that does not start with four numbers (the header).
 * For each row it prints the predicted species and the three probabilities.
 * Everything about the model (its standardization, weights, softmax and class names)
 * is in iris.h; this file only reads and prints.
 */
#include <stdio.h>
#include <stdlib.h>

#include "iris.h"

int main(void)
{
    char line[1024];
    while (fgets(line, sizeof line, stdin)) {
        float x[IRIS_N_FEATURES], p[IRIS_N_OUTPUTS];
        char *cell = line, *end;
        int i, c;
        for (i = 0; i < IRIS_N_FEATURES; i++) {
            x[i] = strtof(cell, &end);
            if (end == cell)
                break;                  /* not a number: the header, or a blank line */
            cell = (*end == ',') ? end + 1 : end;
        }
        if (i < IRIS_N_FEATURES)
            continue;
        iris_forward(x, p);
        c = iris_predict(x);
        if (c < 0) {
            printf("(no answer: these values overflow the model)\n");
            continue;
        }
        printf("%-10s", iris_class_names[c]);
        for (i = 0; i < IRIS_N_OUTPUTS; i++)
            printf("  p(%s) = %.3f", iris_class_names[i], (double)p[i]);
        printf("\n");
    }
    return 0;
}
