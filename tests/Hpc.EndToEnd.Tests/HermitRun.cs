using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Hpc.EndToEnd.Tests;

/// <summary>Runs the built hermit-run as a real process and captures what it did.</summary>
internal static class HermitRun
{
    /// <summary>The repository root (where Hpc.sln is).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Build configuration of this test assembly (jobs and tool are built the same way).</summary>
    private static string Configuration { get; } =
        typeof(HermitRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The built tool.</summary>
    public static string Tool => Output("proxy/Hpc.Proxy", "hermit-run");

    /// <summary>The built test job.</summary>
    public static string TestJob => Output("tests/jobs/TestJob", "TestJob");

    /// <summary>The built message-passing test job.</summary>
    public static string MpiJob => Output("tests/jobs/MpiJob", "MpiJob");

    /// <summary>The built Hpc.OpenMp test job.</summary>
    public static string OmpJob => Output("tests/jobs/OmpJob", "OmpJob");

    /// <summary>The built plain console job.</summary>
    public static string PlainJob => Output("tests/jobs/PlainJob", "PlainJob");

    /// <summary>The plain job compared hosted and with --aot (tests/jobs/PlainAotJob).</summary>
    public static string PlainAotJob => Output("tests/jobs/PlainAotJob", "PlainAotJob");

    /// <summary>The job that tries to escape its isle (tests/jobs/HostileJob).</summary>
    public static string HostileJob => Output("tests/jobs/HostileJob", "HostileJob");

    /// <summary>A built example.</summary>
    public static string Example(string name) => Output($"examples/{name}", name);

    /// <summary>
    /// Runs hermit-run with <paramref name="args"/> in <paramref name="workingDirectory"/> (default: a fresh temp
    /// folder) and returns when it exits; kills it after <paramref name="limit"/> (a safety net, not a timing check).
    /// <paramref name="wrapper"/> runs hermit-run through another command (e.g. on a namespace node); <paramref name="stdin"/>,
    /// when given, is hermit-run's whole standard input.
    /// </summary>
    public static RunResult Run(IEnumerable<string> args, string? workingDirectory = null, TimeSpan? limit = null, Action<Process>? whileRunning = null, string? stdoutFile = null, IReadOnlyList<string>? wrapper = null, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? TempFolder(),
        };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (string arg in wrapper?.Skip(1) ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        if (wrapper is { Count: > 0 })
        {
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Tool);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        DateTime started = DateTime.UtcNow;
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        Task copy = Task.CompletedTask;
        if (stdoutFile is null)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.Append(e.Data).Append('\n'); } } };
            process.BeginOutputReadLine();
        }
        else
        {
            // Large outputs go straight to a file instead of into memory.
            var file = File.Create(stdoutFile);
            copy = process.StandardOutput.BaseStream.CopyToAsync(file).ContinueWith(_ => file.Dispose(), TaskScheduler.Default);
        }

        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.Append(e.Data).Append('\n'); } } };
        process.BeginErrorReadLine();
        whileRunning?.Invoke(process);
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"hermit-run {string.Join(' ', args)} did not end\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        process.WaitForExit(); // drains the output readers
        copy.Wait();
        return new RunResult(process.ExitCode, stdout.ToString(), stderr.ToString(), process.Id) { Started = started };
    }

    /// <summary>Folders made by <see cref="TempFolder"/>, removed by <see cref="RemoveTempFolders"/>.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<string> s_tempFolders = [];

    /// <summary>A new empty folder under the system temp folder (removed after the assembly's tests, TempFolderCleanup).</summary>
    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "hpc-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        s_tempFolders.Add(path);
        return path;
    }

    /// <summary>Removes every folder <see cref="TempFolder"/> made (a full run makes ~270).</summary>
    public static void RemoveTempFolders()
    {
        while (s_tempFolders.TryTake(out string? folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A test that made something undeletable (read-only roots) leaves it; the rest still go.
            }
        }
    }

    /// <summary>Path of a project's built assembly.</summary>
    private static string Output(string project, string name)
    {
        string path = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build Hpc.sln first");
    }

    /// <summary>Walks up from the test assembly to the folder holding Hpc.sln.</summary>
    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Hpc.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new DirectoryNotFoundException("Hpc.sln not found above the test assembly");
    }
}

/// <summary>How a hermit-run process ended.</summary>
/// <param name="ExitCode">Its exit status.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="ProcessId">Its process id.</param>
internal sealed record RunResult(int ExitCode, string Stdout, string Stderr, int ProcessId)
{
    /// <summary>
    /// When hermit-run was started: <see cref="Leftovers.AssertNone"/> judges the segments made since, so a segment
    /// another run left earlier (or another checkout's job) does not fail this test too.
    /// </summary>
    public DateTime Started { get; init; } = DateTime.MinValue;

    /// <summary>Standard output split into lines.</summary>
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
