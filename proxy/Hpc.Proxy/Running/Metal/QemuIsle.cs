using System.Diagnostics;
using System.Text;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// One metal isle: a QEMU process. It is started through <c>setpriv --pdeathsig KILL</c> so it dies with the
/// thread that started it even if hermit-run is killed outright; its serial console (standard output) and QEMU's own
/// messages come back line by line for the job's error stream.
/// </summary>
internal sealed class QemuIsle : IRunningIsle
{
    /// <summary>The QEMU process (or setpriv, which execs it: same pid).</summary>
    private readonly Process _process;

    /// <summary>Wraps a started process.</summary>
    private QemuIsle(int isle, Process process)
    {
        Isle = isle;
        _process = process;
        ProcessId = process.Id;
    }

    /// <inheritdoc/>
    public int Isle { get; }

    /// <inheritdoc/>
    public int ProcessId { get; }

    /// <inheritdoc/>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// What QEMU said when KVM could not run the guest (null while all is well). Such a VM does not exit by itself:
    /// after "KVM internal error … emulation failure" QEMU pauses it and waits, so it is killed as soon as that is seen.
    /// </summary>
    public string? AcceleratorFailure { get; private set; }

    /// <summary>The job's status decoded from QEMU's (see <see cref="QemuCommand.JobStatus"/>).</summary>
    public int ExitStatus => QemuCommand.JobStatus(_process.ExitCode);

    /// <summary>
    /// Starts QEMU with <paramref name="arguments"/>. <paramref name="output"/> gets each console line (on a pool
    /// thread), <paramref name="exited"/> runs once the process is gone and its output read. Call it on a thread that
    /// lives as long as the job (the parent-death signal is tied to it).
    /// </summary>
    public static QemuIsle Start(int isle, IReadOnlyList<string> arguments, Action<string> output, Action<IRunningIsle> exited)
    {
        string? setpriv = FindOnPath("setpriv");
        var start = new ProcessStartInfo(setpriv ?? QemuCommand.Emulator)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (setpriv is not null)
        {
            start.ArgumentList.Add("--pdeathsig");
            start.ArgumentList.Add("KILL");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(QemuCommand.Emulator);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new JobException("cannot start qemu-system-x86_64");
        process.StandardInput.Close();
        var result = new QemuIsle(isle, process);
        process.OutputDataReceived += (_, e) => result.OnLine(e.Data, output);
        process.ErrorDataReceived += (_, e) => result.OnLine(e.Data, output);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // The no-timeout wait also waits for the output streams to end, so every line is handed on first.
            process.WaitForExit();
            exited(result);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Hands a line on; a line saying KVM cannot run the guest ends the VM (it would sit paused forever).</summary>
    private void OnLine(string? line, Action<string> output)
    {
        if (line is null)
        {
            return;
        }

        output(line);
        if (AcceleratorFailure is null && KvmFailure.IsFatal(line))
        {
            AcceleratorFailure = line.Trim();
            Kill();
        }
    }

    /// <summary>True when QEMU can be found on PATH.</summary>
    public static bool IsInstalled => FindOnPath(QemuCommand.Emulator) is not null;

    /// <inheritdoc/>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc/>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <inheritdoc/>
    public void Dispose() => _process.Dispose();

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
