namespace Hpc.Proxy.Running;

/// <summary>
/// Where Hpc itself lives on this host, which no job may write: the folder of hermit-run and Hpc.Isle, and, when
/// they were built from a checkout, the whole checkout (its <c>hermit-run</c> script rebuilds the tool from the
/// sources on the next use, so a job rewriting a source file would run its code in the next proxy).
/// </summary>
internal static class RuntimeFiles
{
    /// <summary>The folders to keep read-only in every isle.</summary>
    public static IReadOnlyList<string> Folders { get; } = Find();

    /// <summary>The tool's folder, and the checkout above it if there is one.</summary>
    private static string[] Find()
    {
        string tool = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        for (DirectoryInfo? folder = new(tool); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "hermit-run")) && File.Exists(Path.Combine(folder.FullName, "Hpc.sln")))
            {
                return [folder.FullName, tool];
            }
        }

        return [tool];
    }
}
