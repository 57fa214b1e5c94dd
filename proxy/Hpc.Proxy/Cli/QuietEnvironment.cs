namespace Hpc.Proxy.Cli;

/// <summary>
/// What <c>--quiet</c> asks of every isle's runtime, as environment variables: no tiered compilation (methods are
/// compiled once, fully optimised, before the measured phase, and no tier-up thread wakes later), a gen0 budget
/// of 256 MiB (a job's steady state rarely fills it; Job.EnterQuietPhase adds a no-GC region on top), and
/// HPC_QUIET, on which the isle moves the runtime's own threads to the housekeeping cpu once its ranks run.
/// </summary>
internal static class QuietEnvironment
{
    /// <summary>The variables of a quiet isle.</summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_GCgen0size"] = "10000000", // hexadecimal, as every DOTNET_ GC setting: 256 MiB
        ["HPC_QUIET"] = "1",
    };

    /// <summary><paramref name="environment"/> with the quiet variables added (the user's own -x values win).</summary>
    public static Dictionary<string, string> With(Dictionary<string, string> environment, bool quiet, bool fifo)
    {
        if (quiet)
        {
            foreach ((string name, string value) in Variables)
            {
                environment.TryAdd(name, value);
            }
        }

        if (fifo)
        {
            environment.TryAdd("HPC_QUIET_FIFO", "1");
        }

        return environment;
    }
}
