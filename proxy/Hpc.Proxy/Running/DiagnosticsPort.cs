namespace Hpc.Proxy.Running;

/// <summary>
/// The .NET diagnostics port of hermit-run itself. Through it, anything that can connect can load code into the
/// process (the ApplyStartupHook command), write core dumps anywhere and read the environment: in the one unconfined
/// process of a job, that is an escape. The <c>hermit-run</c> script starts the tool with
/// <c>DOTNET_EnableDiagnostics=0</c>; started any other way (a dotnet tool, <c>dotnet hermit-run.dll</c>), the
/// port's socket is removed at once, before any isle exists, which leaves nothing to connect to.
/// </summary>
internal static class DiagnosticsPort
{
    /// <summary>Removes this process's diagnostics socket (<c>$TMPDIR/dotnet-diagnostic-PID-START-socket</c>) if there is one.</summary>
    public static void Close()
    {
        string? setting = Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") ?? Environment.GetEnvironmentVariable("COMPlus_EnableDiagnostics");
        if (setting == "0")
        {
            return;
        }

        string folder = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        try
        {
            foreach (string socket in Directory.EnumerateFiles(folder, $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(socket);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder we cannot list holds no socket of ours either.
        }
    }
}
