using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Hpc.Proxy.Running.Aot;

/// <summary>
/// The content hash that names a published job: every file of the job's project folder and of the projects it
/// references (bin, obj and hidden folders left out), the build files above them (<c>Directory.Build.props</c> and
/// its kin, <c>global.json</c>), the folders those props name through <c>$(MSBuildThisFileDirectory)</c> (Hpc's
/// shared protocol sources), and the publishing targets. Content, not times: a checkout or a copy does not publish
/// again, an edit that changes nothing does not either, and any change does.
/// </summary>
internal static partial class AotSourceHash
{
    /// <summary>Build files that shape every project beneath them.</summary>
    private static readonly string[] s_buildFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"];

    /// <summary>A folder a props file names relative to itself: <c>$(MSBuildThisFileDirectory)some/folder/</c>.</summary>
    [GeneratedRegex(@"\$\(MSBuildThisFileDirectory\)([^<;""$]+)")]
    private static partial Regex PropsFolder();

    /// <summary>The hash (hex, 16 characters) of <paramref name="project"/>'s sources together with <paramref name="targets"/>.</summary>
    public static string Of(string project, string targets)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var files = new SortedSet<string>(StringComparer.Ordinal) { targets };
        AddProject(project, folders, files);
        foreach (string folder in folders.ToList())
        {
            AddBuildFilesAbove(folder, folders, files);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string folder in folders)
        {
            foreach (string file in SourceFiles(folder))
            {
                _ = files.Add(file);
            }
        }

        foreach (string file in files)
        {
            // The path as well as the bytes: a renamed source is a different job.
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            hash.AppendData(File.Exists(file) ? File.ReadAllBytes(file) : "missing"u8.ToArray());
            hash.AppendData("\0"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>Adds the folder of <paramref name="project"/> and, recursively, of the projects it references.</summary>
    private static void AddProject(string project, SortedSet<string> folders, SortedSet<string> files)
    {
        if (!folders.Add(Path.GetDirectoryName(project)!))
        {
            return;
        }

        foreach (string reference in JobLocator.ProjectReferences(project))
        {
            if (File.Exists(reference))
            {
                AddProject(reference, folders, files);
            }
            else
            {
                _ = files.Add(reference); // hashed as missing: the publish will say what is wrong
            }
        }
    }

    /// <summary>Adds the build files above <paramref name="folder"/> and the folders they name.</summary>
    private static void AddBuildFilesAbove(string folder, SortedSet<string> folders, SortedSet<string> files)
    {
        for (DirectoryInfo? above = new(folder); above is not null; above = above.Parent)
        {
            foreach (string name in s_buildFiles)
            {
                string path = Path.Combine(above.FullName, name);
                if (!File.Exists(path) || !files.Add(path) || !name.EndsWith(".props", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in PropsFolder().Matches(File.ReadAllText(path)))
                {
                    string named = Path.GetFullPath(Path.Combine(above.FullName, match.Groups[1].Value));
                    if (Directory.Exists(named))
                    {
                        _ = folders.Add(Path.TrimEndingDirectorySeparator(named));
                    }
                }
            }
        }
    }

    /// <summary>Every file beneath <paramref name="folder"/> but in bin, obj and hidden folders.</summary>
    private static IEnumerable<string> SourceFiles(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out string? dir))
        {
            foreach (string file in Directory.EnumerateFiles(dir))
            {
                yield return file;
            }

            foreach (string sub in Directory.EnumerateDirectories(dir))
            {
                string name = Path.GetFileName(sub);
                if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
