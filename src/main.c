#include <stdio.h>
int main(void) { puts("leakscope: under construction"); return 0; }
