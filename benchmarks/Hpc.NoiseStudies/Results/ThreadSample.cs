using System.Globalization;

namespace Hpc.NoiseStudies.Results;

/// <summary>One thread of a probe's process tree at one moment (a row of threads.csv, see <c>ThreadSampler</c>).</summary>
/// <param name="TimeNs">When, monotonic ns.</param>
/// <param name="Pid">Its process, host id.</param>
/// <param name="Tid">The thread, host id (as the kernel trace names it).</param>
/// <param name="NsPid">Its process as its own pid namespace sees it (an isle's).</param>
/// <param name="NsTid">The thread as its own pid namespace sees it.</param>
/// <param name="Comm">The thread's name.</param>
/// <param name="State">R running or runnable, S sleeping, D, …</param>
/// <param name="Cpu">The cpu it last ran on.</param>
/// <param name="Allowed">The cpus it may run on.</param>
internal sealed record ThreadSample(double TimeNs, int Pid, int Tid, int NsPid, int NsTid, string Comm, string State, int Cpu, int[] Allowed)
{
    /// <summary>Reads threads.csv; empty when there is none.</summary>
    public static IReadOnlyList<ThreadSample> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var samples = new List<ThreadSample>();
        var c = CultureInfo.InvariantCulture;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            // time,pid,tid,ns_pid,ns_tid,"comm",state,cpu,"allowed": the comm is quoted and may hold commas.
            int open = line.IndexOf('"', StringComparison.Ordinal), close = line.IndexOf("\",", open + 1, StringComparison.Ordinal);
            string[] head = line[..open].TrimEnd(',').Split(',');
            string[] tail = line[(close + 2)..].Split(',', 3);
            samples.Add(new ThreadSample(
                double.Parse(head[0], c), int.Parse(head[1], c), int.Parse(head[2], c), int.Parse(head[3], c), int.Parse(head[4], c),
                line[(open + 1)..close], tail[0], int.Parse(tail[1], c), Hpc.Quiet.CpuList.Parse(tail[2].Trim('"'))));
        }

        return samples;
    }
}
