/* What startup.c offers the program running on the emulated board. */
#ifndef NN_PURE_BOARD_H
#define NN_PURE_BOARD_H
void board_print(const char *text);     /* to the host's standard output (semihosting) */
void board_print_int(long n);
void board_exit(int status);            /* ends the emulation */
long long board_ticks(void);           /* instructions so far, under qemu -icount shift=0 */
long board_flash_used(void);            /* bytes of code, constants and .data's initial values */
long board_stack_used(void);            /* the deepest the stack has reached, in bytes */
#endif
