using System.Globalization;
using Hpc.Hosted;
using Hpc.Segment;

namespace Hpc.Isles;

/// <summary>
/// How a hosted isle tells a rank process (the job published with ILCompiler, <c>hermit-run --aot</c>) which rank it
/// is: one variable, <see cref="Name"/> = <c>RANK,FD</c>, where FD is a descriptor of the node segment the process
/// inherited (the proxy may already have removed the segment's name). Everything else — size, isle, cpu — is read
/// from the segment, as the isle reads it. The variable is removed and the descriptor closed once read, so processes
/// the job starts are not mistaken for the rank.
/// </summary>
internal static unsafe class RankProcessVariables
{
    /// <summary>The variable.</summary>
    public const string Name = "HPC_RANK_PROCESS";

    /// <summary>
    /// The line a rank process writes on its standard error for <c>Job.Abort</c>, followed by the status, a space and
    /// the reason (to the end of the stream): its isle, the one producer of the rank's ring, turns it into the abort
    /// record a rank in an isle posts itself.
    /// </summary>
    public const string AbortMarker = "hermit-run: rank abort: ";

    /// <summary>
    /// The line the .NET runtime writes before the stack of an exception nothing caught; the isle reports what follows
    /// it as the rank's failure, as it reports an exception that escaped a rank's entry point.
    /// </summary>
    public const string UnhandledExceptionMarker = "Unhandled exception. ";

    /// <summary>Writes the abort marker, <paramref name="code"/> and <paramref name="reason"/> on standard error.</summary>
    public static void ReportAbort(int code, string reason)
    {
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"{AbortMarker}{code} {reason}"));
        Console.Error.Flush();
    }

    /// <summary>The variable's value for <paramref name="rank"/> with the segment at descriptor <paramref name="segmentFd"/>.</summary>
    public static string Value(int rank, int segmentFd) => string.Create(CultureInfo.InvariantCulture, $"{rank},{segmentFd}");

    /// <summary>
    /// The context of this process's rank, or null when no isle started the process as one. The segment stays mapped
    /// for the life of the process.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is set but does not lead to a segment and rank.</exception>
    public static RankContext? Attach()
    {
        string? value = Environment.GetEnvironmentVariable(Name);
        if (value is null)
        {
            return null;
        }

        Environment.SetEnvironmentVariable(Name, null);
        string[] parts = value.Split(',');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rank)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
        {
            throw new InvalidOperationException($"{Name}={value}: expected RANK,FD");
        }

        SharedMapping mapping = SharedMapping.MapDescriptor(fd, $"descriptor {fd}");
        if (!SegmentView.TryAttach(mapping.Pointer, mapping.Size, out SegmentView segment) || rank >= segment.Layout.RankCount)
        {
            mapping.Dispose();
            throw new InvalidOperationException($"{Name}={value}: not a segment of this version of Hpc, or no rank {rank} in it");
        }

        RankSlot* slot = segment.Rank(rank);
        int cpu = slot->Cpu;
        // The isle pinned the process to the rank's cores (its --threads share): the rank's cpu first, as in an isle.
        // On a metal isle the slot names a host cpu and the process sees the VM's vCPUs: those are its cores.
        int[] allowed = CpuAffinity.AllowedCpus();
        return new RankContext(rank, segment.Layout.RankCount, slot->Isle, segment.Layout.IsleCount, cpu, proxy: null, segment)
        {
            Cores = allowed.Contains(cpu) ? [cpu, .. allowed.Where(c => c != cpu)] : allowed,
            OwnProcess = true,
        };
    }
}
