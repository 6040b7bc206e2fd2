/* The Iris classifier on the emulated Cortex-M3: every row of the data set, one class
 * index per line through semihosting, then the flash and stack the program used.
 *
 * iris.h is the exported model; iris_rows.h holds the rows as
 * `static const float iris_rows[IRIS_N_ROWS][4]` (.ci/c_export.sh writes both). */
#include "board.h"
#include "iris.h"
#include "iris_rows.h"

int main(void)
{
    int s;
    for (s = 0; s < IRIS_N_ROWS; s++) {
        board_print_int(iris_predict(iris_rows[s]));
        board_print("\n");
    }
    board_print("flash ");
    board_print_int(board_flash_used());
    board_print(" bytes, stack ");
    board_print_int(board_stack_used());
    board_print(" bytes\n");
    return 0;
}
