/* A stand-in for the Arduino core, just enough to compile examples/c/iris.ino as C++ on a
 * computer and run a few passes of loop() (CI does; see .ci/c_export.sh).  Not Arduino's. */
#ifndef NN_PURE_ARDUINO_STAND_IN_H
#define NN_PURE_ARDUINO_STAND_IN_H
#include <stdio.h>

struct SerialStandIn {
    void begin(long) {}
    void print(const char *s) { fputs(s, stdout); }
    void print(int n) { printf("%d", n); }
    void println(const char *s) { puts(s); }
};
static SerialStandIn Serial;
static inline void delay(unsigned long) {}

void setup();
void loop();

#ifdef ARDUINO_STAND_IN_MAIN
int main() {
    setup();
    for (int i = 0; i < 4; i++)
        loop();
    return 0;
}
#endif
#endif
