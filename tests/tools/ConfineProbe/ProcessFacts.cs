using Hpc.Hosted;

namespace Hpc.Tests.Tools.ConfineProbe;

/// <summary>Reports what the kernel says about this process: its flags and every thread's cpu mask.</summary>
internal static class ProcessFacts
{
    /// <summary>Prints the pid, no_new_privs, the parent-death signal, the process group, the cpus and what the runtime believes it has.</summary>
    public static void Print()
    {
        Console.WriteLine($"pid {Environment.ProcessId}");
        Console.WriteLine($"nonewprivs {StatusField("/proc/self/status", "NoNewPrivs")}");
        Console.WriteLine($"pdeathsig {PdeathSignal()}");
        Console.WriteLine($"sigblk {StatusField("/proc/thread-self/status", "SigBlk")}");
        Console.WriteLine($"sigign {StatusField("/proc/self/status", "SigIgn")}");
        Console.WriteLine($"pgid-is-pid {LibC.GetProcessGroup() == LibC.GetPid()}");
        Console.WriteLine($"allowed {string.Join(',', CpuAffinity.AllowedCpus())}");
        Console.WriteLine($"processors {Environment.ProcessorCount}");
        Console.WriteLine($"gc-available-bytes {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes}");
    }

    /// <summary>Makes sure the runtime's usual helper threads exist: finalizer, thread pool workers, timer.</summary>
    public static void StartRuntimeThreads()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using Timer timer = new(_ => { }, null, 0, Timeout.Infinite);
        Task.WaitAll([.. Enumerable.Range(0, 4).Select(_ => Task.Run(() => Thread.SpinWait(1000)))]);
        Thread thread = new(() => { });
        thread.Start();
        thread.Join();
    }

    /// <summary>Prints <c>thread TID NAME CPUS</c> for every thread of this process.</summary>
    public static void PrintThreads()
    {
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm")).Trim().Replace(' ', '_');
                string cpus = StatusField(Path.Combine(task, "status"), "Cpus_allowed_list");
                Console.WriteLine($"thread {Path.GetFileName(task)} {name} {cpus}");
            }
            catch (IOException)
            {
                // The thread ended while we looked; it has nothing left to report.
            }
        }
    }

    /// <summary>One field of a /proc status file.</summary>
    private static string StatusField(string path, string field)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..].Trim();
            }
        }

        return "?";
    }

    /// <summary>The parent-death signal (prctl PR_GET_PDEATHSIG).</summary>
    private static unsafe int PdeathSignal()
    {
        int signal = 0;
        LibC.Prctl(LibC.PrGetPdeathsig, (nuint)(&signal), 0, 0, 0);
        return signal;
    }
}
