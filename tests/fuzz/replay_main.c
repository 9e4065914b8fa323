/*
** replay_main.c — a main() for the fuzz harnesses without libFuzzer, used
** by `tests/fuzz/run.sh replay` (and so by `make test`): it calls
** LLVMFuzzerInitialize() when the harness has one, then
** LLVMFuzzerTestOneInput() once on the contents of each file named on the
** command line, in order, in this one process. A harness reports a bug by
** aborting, so the exit status is 0 only when every file passed. Built
** with the ordinary compiler and ASan/UBSan, it needs no clang.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerInitialize(int *pArgc, char ***pArgv) __attribute__((weak));

/* Reads the whole file zPath into a malloc'd buffer; NULL on error. */
static uint8_t *replay_read(const char *zPath, size_t *pn){
  FILE *f = fopen(zPath, "rb");
  uint8_t *a = 0;
  long n;
  if( f==0 ) return 0;
  if( fseek(f, 0, SEEK_END)==0 && (n = ftell(f))>=0 && fseek(f, 0, SEEK_SET)==0 ){
    a = malloc((size_t)n + 1);
    if( a && fread(a, 1, (size_t)n, f)!=(size_t)n ){ free(a); a = 0; }
    *pn = (size_t)n;
  }
  fclose(f);
  return a;
}

int main(int argc, char **argv){
  int i;
  if( LLVMFuzzerInitialize ) LLVMFuzzerInitialize(&argc, &argv);
  for(i=1; i<argc; i++){
    size_t n = 0;
    uint8_t *a = replay_read(argv[i], &n);
    if( a==0 ){
      fprintf(stderr, "replay: cannot read %s\n", argv[i]);
      return 2;
    }
    fprintf(stderr, "replay: %s\n", argv[i]);
    LLVMFuzzerTestOneInput(a, n);
    free(a);
  }
  fprintf(stderr, "replay: %d input(s) passed\n", argc - 1);
  return 0;
}
