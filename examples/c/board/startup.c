/* Minimal startup for the emulated Cortex-M3 (mps2-an385), with output through
 * semihosting (the debugger's channel: qemu -semihosting prints what we hand it).
 *
 * Reset: copy .data's initial values from flash, zero .bss, paint the stack with a
 * pattern (so that the deepest point a run reached can be found afterwards), call
 * main(), report, and end the emulation with main's status.  No interrupts are used:
 * every other vector points at a handler that ends the run with status 3. */
#include <stdint.h>

#include "board.h"

extern uint32_t _stext, _etext, _sidata, _sdata, _edata, _sbss, _ebss;
extern uint32_t _stack_bottom, _stack_top;
int main(void);

#define STACK_PAINT 0xC0FFEE55u

/* Semihosting call: bkpt 0xAB with the operation in r0 and its argument in r1. */
static int semihost(int operation, const void *argument)
{
    register int r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_print(const char *text)
{
    semihost(0x04, text);           /* SYS_WRITE0: a NUL-terminated string */
}

void board_print_int(long n)
{
    char digits[24];
    int i = 23;
    int negative = n < 0;
    unsigned long u = negative ? 0ul - (unsigned long)n : (unsigned long)n;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        digits[--i] = '-';
    board_print(digits + i);
}

void board_exit(int status)
{
    /* SYS_EXIT with ADP_Stopped_ApplicationExit; on the M profile the argument is the
       reason itself, so a non-zero status is reported as a run-time error instead. */
    semihost(0x18, (const void *)(status == 0 ? 0x20026 : 0x20023));
    for (;;) {
    }
}

long long board_ticks(void)
{
    /* The board's CMSDK timer 0 (0x40000000), counting down from 2^32 - 1 at 25 MHz of
       virtual time.  Under qemu -icount shift=0 one instruction takes one virtual
       nanosecond, so a tick is 40 instructions: a count that does not depend on the host. */
    volatile uint32_t *timer = (volatile uint32_t *)0x40000000u;
    if (timer[0] == 0) {            /* CTRL: not yet running */
        timer[2] = 0xFFFFFFFFu;     /* RELOAD */
        timer[1] = 0xFFFFFFFFu;     /* VALUE */
        timer[0] = 1;               /* enable */
    }
    return 40LL * (long long)(0xFFFFFFFFu - timer[1]);
}

long board_flash_used(void)
{
    return (long)((char *)&_etext - (char *)&_stext) + ((char *)&_edata - (char *)&_sdata);
}

long board_stack_used(void)
{
    const uint32_t *word = &_stack_bottom;
    while (word < &_stack_top && *word == STACK_PAINT)
        word++;
    return (long)((char *)&_stack_top - (char *)word);
}

void reset_handler(void)
{
    uint32_t *from = &_sidata, *to = &_sdata;
    uint32_t *word = &_stack_bottom;
    uint32_t *here = (uint32_t *)__builtin_frame_address(0);
    while (to < &_edata)
        *to++ = *from++;
    for (to = &_sbss; to < &_ebss; to++)
        *to = 0;
    while (word < here - 16)        /* all but this function's own frame */
        *word++ = STACK_PAINT;
    board_exit(main());
}

static void fault_handler(void)
{
    board_print("fault: the program stopped on an exception\n");
    board_exit(3);
}

/* The vector table: the initial stack pointer, then the handlers (Cortex-M3: 16). */
__attribute__((section(".vectors"), used))
static void (*const vectors[16])(void) = {
    (void (*)(void))&_stack_top, reset_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, fault_handler, 0, 0, 0, 0, fault_handler,
    fault_handler, 0, fault_handler, fault_handler,
};
