using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hpc.Quiet;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// Samples every thread of a probe's process tree (hermit-run, its isles and their helpers; or the dotnet or C
/// probe) every <see cref="Period"/> while it runs: where each thread last ran, its state, the cpus it may use and
/// its ids in every pid namespace (an isle's ranks know themselves by their namespace's ids, the kernel trace by the
/// host's). Written as threads.csv in the run's folder: which threads besides the ranks can run on a measured cpu.
/// </summary>
internal sealed class ThreadSampler : IDisposable
{
    /// <summary>The file's name.</summary>
    public const string FileName = "threads.csv";

    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "time_ns,pid,tid,ns_pid,ns_tid,comm,state,cpu,allowed";

    /// <summary>
    /// Between two samples: often enough to see threads that wake for some ms, rarely enough that the sampler (which
    /// runs on the measured cpus too where there is no other) costs little.
    /// </summary>
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    /// <summary>Samples between two scans of /proc for the tree's processes (a scan reads every process's stat).</summary>
    private const int TreeEvery = 10;

    /// <summary>The tree's root.</summary>
    private readonly int _root;
    /// <summary>Rows so far.</summary>
    private readonly StringBuilder _rows = new(CsvHeader + "\n");
    /// <summary>Ends the sampling.</summary>
    private readonly CancellationTokenSource _stop = new();
    /// <summary>The sampling thread.</summary>
    private readonly Thread _thread;

    /// <summary>Starts sampling the tree under <paramref name="root"/>.</summary>
    public ThreadSampler(int root)
    {
        _root = root;
        _thread = new Thread(Sample) { IsBackground = true, Name = "thread sampler" };
        _thread.Start();
    }

    /// <summary>Stops and writes threads.csv into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        _stop.Cancel();
        _thread.Join();
        File.WriteAllText(Path.Combine(directory, FileName), _rows.ToString());
    }

    /// <summary>Stops sampling.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    /// <summary>The sampling loop.</summary>
    private void Sample()
    {
        List<int> tree = [];
        for (int sample = 0; !_stop.IsCancellationRequested; sample++)
        {
            double now = Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency); // CLOCK_MONOTONIC, as the probes
            tree = sample % TreeEvery == 0 || tree.Count < 2 ? Tree(_root) : tree;
            foreach (int pid in tree)
            {
                string? processNs = NsIds($"/proc/{pid}/status");
                foreach (string task in Directory.Exists($"/proc/{pid}/task") ? SafeList($"/proc/{pid}/task") : [])
                {
                    if (Row(pid, processNs, task, now) is { } row)
                    {
                        _rows.Append(row);
                    }
                }
            }

            _stop.Token.WaitHandle.WaitOne(Period);
        }
    }

    /// <summary>One thread's row, or null when it is gone.</summary>
    private static string? Row(int pid, string? processNs, string task, double now)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(task, "stat"));
            // "tid (comm) state ppid …": the comm may hold spaces and parentheses, so fields count from the last ')'.
            int open = stat.IndexOf('(', StringComparison.Ordinal), close = stat.LastIndexOf(')');
            string comm = stat[(open + 1)..close];
            string[] fields = stat[(close + 2)..].Split(' ');
            string state = fields[0];
            string cpu = fields[36]; // field 39 of stat(5), "processor": the cpu it last ran on
            string[] status = File.ReadAllLines(Path.Combine(task, "status"));
            string allowed = status.FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..].Trim() ?? "";
            string? nsTid = Innermost(status);
            string tid = Path.GetFileName(task);
            return string.Create(CultureInfo.InvariantCulture, $"{now:F0},{pid},{tid},{processNs ?? pid.ToString(CultureInfo.InvariantCulture)},{nsTid ?? tid},\"{comm.Replace("\"", "'", StringComparison.Ordinal)}\",{state},{cpu},\"{allowed}\"\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // it ended between the listing and the reads
        }
    }

    /// <summary>The innermost pid-namespace id on the NSpid line of a status file (its id as the process itself sees it).</summary>
    private static string? Innermost(IEnumerable<string> status) =>
        status.FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal))?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1];

    /// <summary>The innermost namespace id of a process, from its status file; null when it is gone.</summary>
    private static string? NsIds(string path)
    {
        try
        {
            return Innermost(File.ReadLines(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><paramref name="root"/> and every process under it (by parent pid in /proc/PID/stat).</summary>
    private static List<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string entry in SafeList("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(entry, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
            }
        }

        var tree = new List<int> { root };
        for (int i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }

        return tree;
    }

    /// <summary>The entries of a /proc folder; empty when it went away.</summary>
    private static string[] SafeList(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The cpus of an "allowed" cell.</summary>
    public static int[] Allowed(string cell) => cell.Length == 0 ? [] : CpuList.Parse(cell);
}
