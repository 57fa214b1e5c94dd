using System.Diagnostics;
using Hpc.Hosted;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>One run of tests/tools/ConfineProbe (copied to ConfineProbe/ beside the tests) and its report lines.</summary>
internal sealed class ProbeRun
{
    /// <summary>How long a probe may take before the test gives up on it (a hang is a failure, not a slow pass).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Keeps the captured output.</summary>
    private ProbeRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Error = error;
    }

    /// <summary>The probe's dll.</summary>
    public static string ProbeDll => Path.Combine(AppContext.BaseDirectory, "ConfineProbe", "ConfineProbe.dll");

    /// <summary>The dotnet host that runs the tests, which also runs the probe.</summary>
    public static string DotnetHost => Path.Combine(IsleConfinement.DotnetRoot(), "dotnet");

    /// <summary>The probe's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Its standard output, one entry per line.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Its standard error.</summary>
    public string Error { get; }

    /// <summary>The threads it reported: id, name and Cpus_allowed_list.</summary>
    public IReadOnlyList<(string Id, string Name, string Cpus)> Threads =>
    [
        .. Lines.Where(l => l.StartsWith("thread ", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .Select(f => (f[1], f[2], f[3])),
    ];

    /// <summary>Starts the probe as a child of the test host with <paramref name="args"/> and waits for it.</summary>
    public static ProbeRun Start(params string[] args)
    {
        using Process process = new() { StartInfo = StartInfo(DotnetHost, [ProbeDll, .. args]) };
        process.Start();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ConfineProbe did not finish within {Limit}: {string.Join(' ', args)}");
        }

        return new ProbeRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A start info with redirected standard streams and the arguments passed verbatim.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args)
    {
        ProcessStartInfo info = new(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>The rest of the line that starts with <paramref name="key"/> and a space, or null.</summary>
    public string? Fact(string key) =>
        Lines.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..];

    /// <summary>The result of action <c>verb:target</c> (<c>ok</c>, <c>denied</c>, ...), or null if not reported.</summary>
    public string? Action(string verb, string target) => Fact($"{verb} {target}");

    /// <summary>Everything the probe printed, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n{string.Join('\n', Lines)}\nstderr: {Error}";
}
