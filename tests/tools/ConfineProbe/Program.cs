using Hpc.Hosted;

namespace Hpc.Tests.Tools.ConfineProbe;

/// <summary>
/// Confines and re-executes itself like an isle host, then prints one line per fact: the marker and outcome, the
/// process's no_new_privs, parent-death signal and process group, each action's result, and every thread's cpus.
/// Exit codes: 0 done, 2 bad command line, 3 confinement failed (message on stderr).
/// </summary>
internal static class Program
{
    /// <summary>Entry point; runs twice when confining (phase 1 re-executes, phase 2 reports).</summary>
    private static int Main(string[] args)
    {
        ProbeOptions options;
        try
        {
            options = ProbeOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"usage: ConfineProbe [--cpus 0,1] [--ro PATH]... [--rw PATH]... [--ppid N] [--unconfined] then ACTION... ({e.Message})");
            return 2;
        }

        ConfinementOutcome outcome = ConfinementOutcome.Unconfined;
        if (!options.Unconfined)
        {
            try
            {
                outcome = IsleConfinement.ConfineAndReExec(options.Spec);
            }
            catch (ConfinementException e)
            {
                Console.Error.WriteLine($"confine failed: {e.Message}");
                return 3;
            }
        }

        Console.WriteLine($"marker {Environment.GetEnvironmentVariable(IsleConfinement.MarkerVariable) ?? "-"}");
        Console.WriteLine($"outcome {outcome}");
        ProcessFacts.Print();
        foreach (string action in options.Actions)
        {
            Console.WriteLine(ProbeActions.Run(action));
        }

        ProcessFacts.StartRuntimeThreads();
        ProcessFacts.PrintThreads();
        return 0;
    }
}
