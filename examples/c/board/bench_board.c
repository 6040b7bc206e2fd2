/* Measures one model on the emulated Cortex-M3, for dev/c_export_sizes.py: it runs
 * PREDICT(row) on each of N_ROWS rows REPEAT times and prints the instructions per
 * prediction (qemu -icount shift=0) and a checksum of the classes (so that nothing is
 * optimized away).  MODEL_HEADER, ROWS_HEADER and PREDICT come from -D flags. */
#include "board.h"
#include MODEL_HEADER
#include ROWS_HEADER

int main(void)
{
    long long start, end;
    long checksum = 0;
    int r, s;
    start = board_ticks();
    for (r = 0; r < REPEAT; r++)
        for (s = 0; s < N_ROWS; s++)
            checksum += PREDICT(rows[s]);
    end = board_ticks();
    board_print("instructions ");
    board_print_int((long)((end - start) / ((long long)REPEAT * N_ROWS)));
    board_print(" checksum ");
    board_print_int(checksum);
    board_print(" stack ");
    board_print_int(board_stack_used());
    board_print("\n");
    return 0;
}
