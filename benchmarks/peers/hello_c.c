/* The start-time peer: 64 ranks that only enter and leave MPI (mpiexec -n 64 hello_c). */
#include <mpi.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Finalize();
    return 0;
}
