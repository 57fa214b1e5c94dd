namespace Hpc.Quiet;

/// <summary>What a hosted isle does for <c>hermit-run --quiet</c> once its ranks run.</summary>
internal static class QuietIsle
{
    /// <summary>The variable hermit-run --quiet sets for the isles.</summary>
    public const string Variable = "HPC_QUIET";

    /// <summary>True when the isle was started quiet.</summary>
    public static bool IsRequested => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>
    /// Moves the runtime's threads (and the main thread, whose mask later runtime threads inherit) to the
    /// housekeeping cpu and locks memory as it is faulted in; does nothing unless the isle was started quiet.
    /// </summary>
    public static void ApplyAfterRanksStarted()
    {
        if (!IsRequested)
        {
            return;
        }

        RuntimeThreads.MoveToHousekeeping(RuntimeThreads.HousekeepingCpu());
        QuietSystem.LockMemory();
    }
}
