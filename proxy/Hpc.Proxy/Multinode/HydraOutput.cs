using System.Text;
using System.Text.RegularExpressions;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// Reads what mpiexec writes on the first node: the ranks' output (passed on unchanged), the per-node proxies'
/// <see cref="NodeReport"/> lines and hydra's own banners and diagnostics (kept to explain a failure, not shown).
/// </summary>
internal sealed partial class HydraOutput
{
    /// <summary>hydra diagnostics kept for the failure message (the last few).</summary>
    private const int KeptDiagnostics = 8;

    /// <summary>Guards the fields below (stdout and stderr are read on two threads).</summary>
    private readonly Lock _lock = new();
    /// <summary>Reports in arrival order.</summary>
    private readonly List<NodeReport> _reports = [];
    /// <summary>hydra's banner and diagnostic lines, last ones.</summary>
    private readonly Queue<string> _diagnostics = new();
    /// <summary>Called (on a reader thread) when a node reports a failure.</summary>
    private readonly Action<NodeReport> _onFailure;
    /// <summary>Empty lines held back per stream: hydra's banner starts with one.</summary>
    [ThreadStatic]
    private static int t_heldBlankLines;

    /// <summary>The nodes whose per-node proxy said it runs (<see cref="NodeUp"/>).</summary>
    private readonly HashSet<int> _started = [];
    /// <summary>The node count, to know when all have started.</summary>
    private readonly int _nodeCount;
    /// <summary>Completed once every node's per-node proxy has started.</summary>
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Creates the reader for a job on <paramref name="nodeCount"/> nodes; <paramref name="onFailure"/> hears of
    /// every failed node at once.
    /// </summary>
    public HydraOutput(Action<NodeReport> onFailure, int nodeCount = 0)
    {
        _onFailure = onFailure;
        _nodeCount = nodeCount;
    }

    /// <summary>Completes once every node's per-node proxy has started.</summary>
    public Task AllStarted => _allStarted.Task;

    /// <summary>The nodes whose per-node proxy has started, in no order.</summary>
    public IReadOnlyList<int> Started
    {
        get
        {
            lock (_lock)
            {
                return [.. _started];
            }
        }
    }

    /// <summary>Nodes whose per-node proxy died without ending its job, with its pid, in arrival order.</summary>
    private readonly List<(int Node, int Pid)> _lost = [];

    /// <summary>Nodes whose per-node proxy died without ending its job (its reaper said so), in arrival order.</summary>
    public IReadOnlyList<(int Node, int Pid)> Lost
    {
        get
        {
            lock (_lock)
            {
                return [.. _lost];
            }
        }
    }

    /// <summary>Reports received so far, in arrival order.</summary>
    public IReadOnlyList<NodeReport> Reports
    {
        get
        {
            lock (_lock)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>hydra's last diagnostics.</summary>
    public IReadOnlyList<string> Diagnostics
    {
        get
        {
            lock (_lock)
            {
                return [.. _diagnostics];
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> line by line until end of file, filtering.</summary>
    public void Pump(Stream source, Stream target)
    {
        var line = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
            while (!chunk.IsEmpty)
            {
                int end = chunk.IndexOf((byte)'\n');
                if (end < 0)
                {
                    line.Write(chunk);
                    break;
                }

                line.Write(chunk[..(end + 1)]);
                chunk = chunk[(end + 1)..];
                Take(line, target);
                line.SetLength(0);
            }

            if (line.Length > 0 && !MayBeOurs(line))
            {
                // An open line (a prompt without newline) is the job's: show it now rather than at its end.
                target.Write(line.GetBuffer(), 0, (int)line.Length);
                line.SetLength(0);
            }

            target.Flush();
        }

        if (line.Length > 0)
        {
            Take(line, target);
        }

        for (; t_heldBlankLines > 0; t_heldBlankLines--)
        {
            target.WriteByte((byte)'\n');
        }

        target.Flush();
    }

    /// <summary>
    /// The node hydra named in its "bad termination" banner with the exit code it gave (9 = killed by SIGKILL),
    /// or null when there was none.
    /// </summary>
    public (string Host, int Pid, int Code)? BadTermination()
    {
        string all = string.Join('\n', Diagnostics);
        Match where = RunningAt().Match(all);
        Match code = ExitCode().Match(all);
        return where.Success && code.Success
            ? (where.Groups[2].Value, int.Parse(where.Groups[1].Value), int.Parse(code.Groups[1].Value))
            : null;
    }

    /// <summary>Handles one complete line.</summary>
    private void Take(MemoryStream line, Stream target)
    {
        string text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\n');
        if (NodeReport.TryParse(text, out NodeReport report))
        {
            lock (_lock)
            {
                _reports.Add(report);
            }

            if (report.Status != 0)
            {
                _onFailure(report);
            }

            return;
        }

        if (NodeUp.TryParse(text, out int upNode))
        {
            lock (_lock)
            {
                if (_started.Add(upNode) && _started.Count == _nodeCount)
                {
                    _allStarted.TrySetResult();
                }
            }

            return;
        }

        if (NodeLost.TryParse(text, out int lostNode, out int lostPid))
        {
            lock (_lock)
            {
                _lost.Add((lostNode, lostPid));
            }

            _onFailure(new NodeReport(lostNode, -1));
            return;
        }

        if (text.Length == 0)
        {
            t_heldBlankLines++;
            return;
        }

        if (IsHydraLine(text) || (IsLauncherLine(text) && !_allStarted.Task.IsCompleted))
        {
            lock (_lock)
            {
                _diagnostics.Enqueue(text);
                if (_diagnostics.Count > KeptDiagnostics)
                {
                    _diagnostics.Dequeue();
                }
            }

            t_heldBlankLines = 0;
            return;
        }

        for (; t_heldBlankLines > 0; t_heldBlankLines--)
        {
            target.WriteByte((byte)'\n');
        }

        target.Write(line.GetBuffer(), 0, (int)line.Length);
    }

    /// <summary>True for the start of a line that may turn out to be a report or a hydra banner.</summary>
    private static bool MayBeOurs(MemoryStream line) => line.GetBuffer()[0] is 0x1e or (byte)'=' or (byte)'[';

    /// <summary>hydra's banner ("=====", "=   BAD TERMINATION") and diagnostics ("[proxy:0:1@host] …", "[mpiexec@host] …").</summary>
    private static bool IsHydraLine(string text) =>
        text.Length == 0 ? false
        : text.StartsWith("====", StringComparison.Ordinal) || text.StartsWith("=   ", StringComparison.Ordinal)
          || text.StartsWith("[proxy:", StringComparison.Ordinal) || text.StartsWith("[mpiexec@", StringComparison.Ordinal);

    /// <summary>
    /// ssh's or rsh's own complaint ("ssh: Could not resolve hostname x: …"). Until every node has started no rank
    /// runs (each per-node proxy's MPI_Init waits for all nodes), so such a line then is the launcher's, kept to explain
    /// a node that did not start.
    /// </summary>
    public static bool IsLauncherLine(string text) =>
        text.StartsWith("ssh: ", StringComparison.Ordinal) || text.StartsWith("rsh: ", StringComparison.Ordinal);

    /// <summary>"PID 123 RUNNING AT host".</summary>
    [GeneratedRegex(@"PID (\d+) RUNNING AT (\S+)")]
    private static partial Regex RunningAt();

    /// <summary>"EXIT CODE: 9".</summary>
    [GeneratedRegex(@"EXIT CODE: (\d+)")]
    private static partial Regex ExitCode();
}
