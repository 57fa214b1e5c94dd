using System.Diagnostics;
using System.Runtime.InteropServices;
using Hpc.Hosted;

namespace Hpc.Proxy.Running;

/// <summary>
/// One hosted isle: a Linux process running Hpc.Isle. It pins and confines itself and makes itself the leader of
/// its own process group, so ending it with <see cref="Kill"/> also ends anything the job spawned. Started in
/// namespaces of its own (<see cref="IsleNamespaces"/>), the process seen here is <c>unshare</c>, whose death ends
/// the isle's whole pid namespace.
/// </summary>
internal sealed partial class IsleProcess : IRunningIsle
{
    /// <summary>SIGKILL.</summary>
    private const int SigKill = 9;

    /// <summary>The process.</summary>
    private readonly Process _process;

    /// <summary>Wraps a started process.</summary>
    private IsleProcess(int isle, Process process)
    {
        Isle = isle;
        _process = process;
        ProcessId = process.Id;
    }

    /// <summary>The isle's index.</summary>
    public int Isle { get; }

    /// <summary>Its process id.</summary>
    public int ProcessId { get; }

    /// <summary>True once the process has been reaped.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Exit status; 128 + n when killed by signal n.</summary>
    public int ExitStatus => _process.ExitCode;

    /// <summary>
    /// Starts the isle. Must be called on a thread that lives as long as the job: the isle's parent-death signal is
    /// tied to the thread that forked it. What the process writes to its own standard output and error (the runtime's
    /// last words, or a job writing to descriptor 1 or 2 past its rank's console) goes to <paramref name="output"/>
    /// line by line (true: standard error), never straight to hermit-run's terminal, where it could pass for anyone's.
    /// </summary>
    public static IsleProcess Start(IsleLaunchSpec spec, IReadOnlyDictionary<string, string> environment, Action<string, bool> output, Action<IsleProcess> exited)
    {
        ProcessStartInfo start = StartInfo(spec, environment);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardOutputEncoding = System.Text.Encoding.UTF8;
        start.StandardErrorEncoding = System.Text.Encoding.UTF8;
        Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start an isle process");
        process.StandardInput.Close();
        var isle = new IsleProcess(spec.Isle, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output(e.Data, false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output(e.Data, true);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => exited(isle);
        if (process.HasExited)
        {
            exited(isle);
        }

        return isle;
    }

    /// <summary>How an isle process is started: through the namespace launcher where there is one, with stdin closed.</summary>
    public static ProcessStartInfo StartInfo(IsleLaunchSpec spec, IReadOnlyDictionary<string, string> environment)
    {
        IReadOnlyList<string> prefix = spec.OwnNamespaces ? IsleNamespaces.Prefix() : [];
        var start = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : DotnetHost.Path)
        {
            UseShellExecute = false,
            // Ranks have no terminal input: a closed pipe gives them end-of-file, not a fight over the terminal.
            RedirectStandardInput = true,
        };
        foreach (string word in prefix.Skip(1).Append(prefix.Count > 0 ? DotnetHost.Path : null).OfType<string>())
        {
            start.ArgumentList.Add(word);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hpc.Isle.dll"));
        LauncherVariables.Scrub(start.Environment);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[IsleLaunchSpec.EnvironmentVariable] = spec.ToJson();
        return start;
    }

    /// <summary>Kills the isle's process group (and the process itself, in case it had not yet made its group).</summary>
    public void Kill()
    {
        _ = KillSyscall(-ProcessId, SigKill);
        _ = KillSyscall(ProcessId, SigKill);
    }

    /// <summary>Waits for the process to be reaped.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Releases the process handle.</summary>
    public void Dispose() => _process.Dispose();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int KillSyscall(int pid, int signal);
}
