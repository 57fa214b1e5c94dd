using System.Globalization;
using Hpc.Hosted;

namespace Hpc.Quiet;

/// <summary>
/// The runtime's own threads (finalizer, tiering worker, EventPipe, thread pool, timers; most named ".NET ...") and
/// the process's main thread, found in /proc/self/task and pinned to one housekeeping cpu, so that nothing of the
/// runtime wakes up on a compute core. A thread pinned to a single cpu (a rank, or a job's own pinned worker) keeps
/// its place; every other thread is the runtime's or may run anywhere, and moves.
/// </summary>
internal static unsafe class RuntimeThreads
{
    /// <summary>
    /// The housekeeping cpu: <see cref="QuietPhase.HousekeepingCpuVariable"/> if set, else the lowest cpu the
    /// process's main thread may use (the isle's first cpu), else the caller's.
    /// </summary>
    public static int HousekeepingCpu()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(QuietPhase.HousekeepingCpuVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int cpu))
        {
            return cpu;
        }

        int[] allowed = AllowedCpus();
        return allowed.Length > 0 ? allowed[0] : Math.Max(LibC.SchedGetCpu(), 0);
    }

    /// <summary>
    /// Pins every runtime thread and the main thread to <paramref name="cpu"/>, except <paramref name="keep"/>;
    /// returns how many were moved. The runtime gives each thread it creates later the main thread's mask, so those
    /// land there too.
    /// </summary>
    /// <param name="cpu">The housekeeping cpu.</param>
    /// <param name="keep">A thread that stays where it is (a rank's own thread; 0 for none). A rank with a process of
    /// its own (--aot, metal) measures on its main thread, which must not follow the runtime's threads away.</param>
    public static int MoveToHousekeeping(int cpu, int keep = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        byte[] mask = new byte[Math.Max(128, ((cpu / 64) + 1) * 8)];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        int moved = 0;
        foreach (int tid in Threads())
        {
            if (tid == keep || (tid != Environment.ProcessId && !IsRuntimeThread(tid) && PinnedToOneCpu(tid)))
            {
                continue;
            }

            fixed (byte* p = mask)
            {
                // A thread may have exited since the listing: that is no failure.
                if (LibC.SchedSetAffinity(tid, (nuint)mask.Length, p) == 0)
                {
                    moved++;
                }
            }
        }

        return moved;
    }

    /// <summary>The thread ids of this process.</summary>
    public static IEnumerable<int> Threads()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
            {
                yield return tid;
            }
        }
    }

    /// <summary>True when the thread's name says the runtime made it.</summary>
    private static bool IsRuntimeThread(int tid)
    {
        try
        {
            return File.ReadAllText($"/proc/self/task/{tid}/comm").StartsWith(".NET", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // gone
        }
    }

    /// <summary>True when the thread may run on one cpu only.</summary>
    private static bool PinnedToOneCpu(int tid) => AllowedCpus(tid).Length == 1;

    /// <summary>The cpus the main thread may run on (Cpus_allowed_list), i.e. the isle's cpus.</summary>
    private static int[] AllowedCpus() => AllowedCpus(Environment.ProcessId);

    /// <summary>The cpus thread <paramref name="tid"/> may run on; empty when it is gone.</summary>
    private static int[] AllowedCpus(int tid)
    {
        try
        {
            string? line = File.ReadLines($"/proc/self/task/{tid}/status")
                .FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line is null ? [] : CpuList.Parse(line["Cpus_allowed_list:".Length..]);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
