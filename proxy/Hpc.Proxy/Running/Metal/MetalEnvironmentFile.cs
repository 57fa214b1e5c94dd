using System.Text;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// The environment of the ranks of a job's metal isles, as a file QEMU hands the guest through fw_cfg
/// (<c>-fw_cfg name=opt/hpc/environment,file=…</c>, read by kernel/Hpc.Kernel.Metal/Drivers/FwCfg.cs): NAME=VALUE
/// entries, each NUL-terminated, as /proc/PID/environ. A file, mode 0600, not the kernel command line: values may hold
/// spaces, and a command line is readable by every user in <c>ps</c>. QEMU reads it when it starts; it is removed
/// once every isle has attached (or with the job).
/// </summary>
internal sealed class MetalEnvironmentFile : IDisposable
{
    /// <summary>The fw_cfg name the kernel looks for (kernel/Hpc.Kernel.Metal/Linux/ProgramEnvironment.cs).</summary>
    public const string FwCfgName = "opt/hpc/environment";

    /// <summary>Wraps a written file.</summary>
    private MetalEnvironmentFile(string path) => Path = path;

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="environment"/> to a new file in the temporary folder.</summary>
    public static MetalEnvironmentFile Create(IReadOnlyDictionary<string, string> environment)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hpc-environment-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (OperatingSystem.IsLinux())
        {
            // The variables may hold secrets: readable by the job's owner only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        {
            foreach ((string name, string value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                stream.Write(Encoding.UTF8.GetBytes($"{name}={value}\0"));
            }
        }

        return new MetalEnvironmentFile(path);
    }

    /// <summary>Removes the file (again: nothing).</summary>
    public void Dispose() => File.Delete(Path);
}
