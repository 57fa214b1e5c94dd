namespace Hpc.Benchmarks.Runner.Results;

/// <summary>The systems a suite measures side by side.</summary>
internal enum SystemKind
{
    /// <summary>Our runtime, Hpc.Mpi under hermit-run.</summary>
    Hpc,

    /// <summary>The peer: MPICH (Debian's 4.0.2, shared memory, hydra's mpiexec).</summary>
    Mpich,

    /// <summary>The C floor: a cache line bounced between two pinned threads.</summary>
    Floor,
}
