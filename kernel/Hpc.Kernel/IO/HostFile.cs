using System.Text;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>
/// Files on the host, reached through the proxy. Inside hermit-run every call is forwarded and served only inside
/// the job's allowed roots (a path outside them, through <c>..</c> or a symbolic link, throws
/// <see cref="UnauthorizedAccessException"/>); outside hermit-run the calls go straight to the local file system,
/// so a job behaves the same either way.
/// </summary>
/// <example>
/// <code>
/// using (var log = HostFile.Open($"out/rank{Job.Rank}.txt", FileMode.Create, FileAccess.Write))
///     log.Write("hello"u8);
/// string text = HostFile.ReadAllText("input.txt");
/// </code>
/// </example>
public static class HostFile
{
    /// <summary>O_WRONLY.</summary>
    private const int WriteOnly = 1;
    /// <summary>O_RDWR.</summary>
    private const int ReadWrite = 2;
    /// <summary>O_CREAT.</summary>
    private const int CreateFlag = 0x40;
    /// <summary>O_EXCL.</summary>
    private const int Exclusive = 0x80;
    /// <summary>O_TRUNC.</summary>
    private const int TruncateFlag = 0x200;
    /// <summary>O_APPEND.</summary>
    private const int AppendFlag = 0x400;

    /// <summary>Opens a host file as a stream.</summary>
    /// <param name="path">Relative to the job's working directory, or absolute inside an allowed root.</param>
    /// <param name="mode">How to open or create it.</param>
    /// <param name="access">Read, write or both.</param>
    public static Stream Open(string path, FileMode mode, FileAccess access = FileAccess.ReadWrite)
    {
        if (!HostFileClient.IsForwarded)
        {
            return new FileStream(path, mode, access);
        }

        int flags = access switch
        {
            FileAccess.Read => 0,
            FileAccess.Write => WriteOnly,
            _ => ReadWrite,
        };
        flags |= mode switch
        {
            FileMode.CreateNew => CreateFlag | Exclusive,
            FileMode.Create => CreateFlag | TruncateFlag,
            FileMode.OpenOrCreate => CreateFlag,
            FileMode.Truncate => TruncateFlag,
            FileMode.Append => CreateFlag | AppendFlag,
            _ => 0,
        };
        var parameters = new FileParams { Flags = flags, Mode = 0x1B6 };
        int handle = (int)HostFileClient.PathCall(ProxyOp.Open, path, parameters);
        return new ForwardedFileStream(handle, path, access);
    }

    /// <summary>Opens an existing host file for reading.</summary>
    public static Stream OpenRead(string path) => Open(path, FileMode.Open, FileAccess.Read);

    /// <summary>Creates or truncates a host file for writing.</summary>
    public static Stream Create(string path) => Open(path, FileMode.Create, FileAccess.Write);

    /// <summary>Reads a whole host file as UTF-8 text.</summary>
    public static string ReadAllText(string path) => Encoding.UTF8.GetString(ReadAllBytes(path));

    /// <summary>Reads a whole host file.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using Stream stream = OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Creates or replaces a host file with UTF-8 text.</summary>
    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Encoding.UTF8.GetBytes(contents));

    /// <summary>Creates or replaces a host file.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        using Stream stream = Create(path);
        stream.Write(contents);
    }

    /// <summary>Appends UTF-8 text to a host file, creating it if needed.</summary>
    public static void AppendAllText(string path, string contents)
    {
        using Stream stream = Open(path, FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(contents));
    }

    /// <summary>Describes a host file or directory (following symbolic links inside the roots).</summary>
    public static HostFileInfo GetInfo(string path)
    {
        if (!HostFileClient.IsForwarded)
        {
            FileSystemInfo local = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            return local.Exists ? HostFileInfo.From(local) : throw new FileNotFoundException($"Could not find '{path}'.", path);
        }

        return HostFileClient.Stat(ProxyOp.Stat, path, default);
    }

    /// <summary>True when the path names an existing host file or directory the job may see.</summary>
    public static bool Exists(string path)
    {
        try
        {
            _ = GetInfo(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes a host file.</summary>
    public static void Delete(string path)
    {
        if (!HostFileClient.IsForwarded)
        {
            File.Delete(path);
            return;
        }

        HostFileClient.PathCall(ProxyOp.Unlink, path, default);
    }

    /// <summary>Renames a host file or directory (both paths inside writable roots).</summary>
    public static void Move(string source, string destination)
    {
        if (!HostFileClient.IsForwarded)
        {
            File.Move(source, destination);
            return;
        }

        byte[] from = HostFileClient.EncodePath(source);
        byte[] to = HostFileClient.EncodePath(destination);
        byte[] both = [.. from, .. to];
        var parameters = new FileParams { Count = from.Length };
        HostErrors.Check(HostFileClient.Proxy.Call(ProxyOp.Rename, parameters, both, default, out _, out _), source);
    }
}
