/* Shared by the reference programs: libbpf's idiom without libbpf (globals live in .bss/.data). */
#include <linux/bpf.h>
#define SEC(name) __attribute__((section(name), used))
#define PACKET(ctx) unsigned char *d = (unsigned char *)(long)(ctx)->data, *end = (unsigned char *)(long)(ctx)->data_end
char _license[] SEC("license") = "GPL";
