// An Arduino sketch that classifies one Iris flower every two seconds with the exported
// header (export it next to this file: python -m nn_pure.export iris.json --format c
// --output iris.h).  The header needs no library but <math.h>, allocates nothing, and
// keeps every table const, so on an AVR board the weights stay in flash.
// CI compiles this file as C++ with a three-function stand-in for Arduino.h
// (examples/c/board/Arduino.h); no Arduino toolchain is needed.
#include <Arduino.h>
#include "iris.h"

// Two flowers from the data set: a setosa and a virginica (cm).
static const float flowers[2][IRIS_N_FEATURES] = {
    {5.1f, 3.5f, 1.4f, 0.2f},
    {6.3f, 3.3f, 6.0f, 2.5f},
};

void setup() {
    Serial.begin(9600);
}

void loop() {
    static int n = 0;
    float p[IRIS_N_OUTPUTS];
    const float *x = flowers[n % 2];
    iris_forward(x, p);
    int c = iris_predict(x);
    Serial.print("flower ");
    Serial.print(n);
    Serial.print(": ");
    Serial.println(c >= 0 ? iris_class_names[c] : "(no answer)");
    n++;
    delay(2000);
}
