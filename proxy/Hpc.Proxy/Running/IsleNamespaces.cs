using System.Diagnostics;

namespace Hpc.Proxy.Running;

/// <summary>
/// Starts a hosted isle in namespaces of its own, through util-linux's <c>setpriv</c> and <c>unshare</c>:
/// <list type="bullet">
/// <item>a pid namespace whose init is a shell that only waits for the isle, so everything the job starts (a
/// <c>fork</c>, a <c>setsid</c> daemon) dies with the isle, and a fresh <c>/proc</c> shows no other process;</item>
/// <item>a mount namespace, where the isle makes the file system read-only but for its writable roots;</item>
/// <item>a network namespace (loopback only: the proxy, not the isle, talks to other nodes) and an IPC namespace.</item>
/// </list>
/// The chain dies with hermit-run: <c>setpriv --pdeathsig KILL</c> ties <c>unshare</c> to the proxy's thread,
/// <c>unshare --kill-child</c> ties the init to <c>unshare</c>, and the isle's own death signal ties it to the init.
/// The init (pid 1 of the namespace) is not the isle itself because pid 1 ignores every signal it has no handler
/// for, even SIGABRT from the runtime's own crash path. <c>unshare</c> exits as its child did (a signal included),
/// and the init turns a signal into 128 + n, the status the proxy reports either way.
/// </summary>
internal static class IsleNamespaces
{
    /// <summary>Set to 0 to start isles without namespaces (as on a host that has none; for comparison and tests).</summary>
    public const string Variable = "HPC_ISLE_NAMESPACES";

    /// <summary>How namespaces are made on this host, decided once per hermit-run.</summary>
    private static readonly Lazy<NamespaceMode> s_mode = new(Probe);

    /// <summary>How the isles of this hermit-run get their namespaces.</summary>
    public enum NamespaceMode
    {
        /// <summary>Not at all (no root, no unprivileged user namespaces, or turned off).</summary>
        None,
        /// <summary>As root: the isle keeps its uid.</summary>
        Privileged,
        /// <summary>Unprivileged, inside a user namespace where the caller is mapped to root.</summary>
        UserNamespace,
    }

    /// <summary>This host's mode.</summary>
    public static NamespaceMode Mode => s_mode.Value;

    /// <summary>The notice printed once per job when isles run without namespaces, or null.</summary>
    public static string? Notice => Mode == NamespaceMode.None && Environment.GetEnvironmentVariable(Variable) != "0"
        ? "isles run without namespaces of their own (needs root or unprivileged user namespaces): read-only roots inside writable ones, file metadata and other processes' /proc are not confined, and processes a job starts may outlive it"
        : null;

    /// <summary>The command words that come before the isle's own command (empty in mode None).</summary>
    public static IReadOnlyList<string> Prefix()
    {
        NamespaceMode mode = Mode;
        if (mode == NamespaceMode.None)
        {
            return [];
        }

        List<string> words = ["setpriv", "--pdeathsig", "KILL", "--", "unshare"];
        if (mode == NamespaceMode.UserNamespace)
        {
            words.AddRange(["--user", "--map-root-user"]);
        }

        words.AddRange(["--fork", "--kill-child", "--pid", "--mount-proc", "--mount", "--net", "--ipc", "--uts", "--",
            "/bin/sh", "-c", "\"$@\"; exit $?", "hpc-isle-init"]);
        return words;
    }

    /// <summary>Tries the namespaces once with a command that does nothing.</summary>
    private static NamespaceMode Probe()
    {
        if (Environment.GetEnvironmentVariable(Variable) == "0")
        {
            return NamespaceMode.None;
        }

        if (Works(["--fork", "--pid", "--mount-proc", "--mount", "--net", "--ipc", "--uts", "true"]))
        {
            return NamespaceMode.Privileged;
        }

        return Works(["--user", "--map-root-user", "--fork", "--pid", "--mount-proc", "--mount", "--net", "--ipc", "--uts", "true"])
            ? NamespaceMode.UserNamespace
            : NamespaceMode.None;
    }

    /// <summary>True when <c>unshare</c> with <paramref name="arguments"/> exits 0 within a few seconds.</summary>
    private static bool Works(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("unshare")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill();
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no unshare on this host
        }
    }
}
