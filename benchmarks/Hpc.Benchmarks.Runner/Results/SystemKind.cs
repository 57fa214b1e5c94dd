namespace Hpc.Benchmarks.Runner.Results;

/// <summary>The systems a suite measures side by side.</summary>
internal enum SystemKind
{
    /// <summary>Our runtime: Hpc.Mpi under hermit-run (suite mpi), Hpc.OpenMp (suite omp).</summary>
    Hpc,

    /// <summary>Hpc.Mpi between metal isles: two VMs under QEMU (TCG here), messages through the node segment (suite mpi).</summary>
    HpcMetal,
    /// <summary>The peer: MPICH (Debian's 4.0.2, shared memory, hydra's mpiexec).</summary>
    Mpich,

    /// <summary>The C floor: a cache line bounced between two pinned threads.</summary>
    Floor,

    /// <summary>The peer of suite omp: GCC's libgomp, through benchmarks/peers/epcc_omp.c.</summary>
    Gomp,

    /// <summary>The second peer of suite omp: .NET's Parallel.For, Barrier and lock.</summary>
    DotNet,
}
