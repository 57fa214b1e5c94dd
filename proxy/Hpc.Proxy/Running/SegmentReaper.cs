using System.Diagnostics;

namespace Hpc.Proxy.Running;

/// <summary>
/// Removes a segment file when the proxy that made it dies, however it dies. A per-node proxy can be killed with
/// SIGKILL by hydra (when another node's proxy died) before its isles mapped the segment, and then nothing of it
/// would remove the file. The reaper is a shell in its own session (so hydra's kill does not reach it) waiting for
/// end of file on a pipe only the proxy holds: the kernel closes it when the proxy exits, and the shell removes the file.
/// When the proxy died without saying "done" first, the shell also writes <paramref name="lostLine"/> on the standard
/// output it shares with the proxy (hydra carries it to the first node, which then names this node).
/// </summary>
internal sealed class SegmentReaper : IDisposable
{
    /// <summary>The shell.</summary>
    private readonly Process _process;

    /// <summary>Starts the reaper of <paramref name="path"/>; <paramref name="lostLine"/> is written if the proxy dies.</summary>
    public SegmentReaper(string path, string lostLine)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        const string script = "read -r said; [ \"$said\" = done ] || printf '%s\\n' \"$1\"; rm -f \"$0\"";
        foreach (string arg in (string[])["sh", "-c", script, path, lostLine])
        {
            start.ArgumentList.Add(arg);
        }

        LauncherVariables.Scrub(start.Environment);
        _process = Process.Start(start) ?? throw new JobException("cannot start the segment reaper (setsid sh)");
    }

    /// <summary>The job is over: the reaper removes the file (if still there) and exits.</summary>
    public void Dispose()
    {
        _process.StandardInput.WriteLine("done");
        _process.StandardInput.Close();
        _ = _process.WaitForExit(TimeSpan.FromSeconds(1));
        _process.Dispose();
    }
}
