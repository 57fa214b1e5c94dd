using System.Text;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>Directories on the host, reached through the proxy (see <see cref="HostFile"/> for the rules).</summary>
public static class HostDirectory
{
    /// <summary>Creates a directory (its parent must exist).</summary>
    public static void Create(string path)
    {
        if (!HostFileClient.IsForwarded)
        {
            Directory.CreateDirectory(path);
            return;
        }

        var parameters = new FileParams { Mode = 0x1FF };
        try
        {
            HostFileClient.PathCall(ProxyOp.Mkdir, path, parameters);
        }
        catch (IOException e) when (e.HResult == LinuxErrno.EEXIST)
        {
            // Like Directory.CreateDirectory: an existing directory is fine.
            if (HostFile.GetInfo(path).Kind != HostEntryKind.Directory)
            {
                throw;
            }
        }
    }

    /// <summary>Deletes an empty directory.</summary>
    public static void Delete(string path)
    {
        if (!HostFileClient.IsForwarded)
        {
            Directory.Delete(path);
            return;
        }

        HostFileClient.PathCall(ProxyOp.Rmdir, path, default);
    }

    /// <summary>Lists a directory's entries (without "." and "..").</summary>
    public static IReadOnlyList<HostEntry> GetEntries(string path)
    {
        var entries = new List<HostEntry>();
        if (!HostFileClient.IsForwarded)
        {
            foreach (FileSystemInfo info in new DirectoryInfo(path).EnumerateFileSystemInfos())
            {
                entries.Add(new HostEntry(info.Name, HostFileInfo.From(info).Kind));
            }

            return entries;
        }

        byte[] reply = new byte[HostFileClient.Proxy.ReplyCapacity];
        int more;
        do
        {
            var parameters = new FileParams { Offset = entries.Count };
            HostFileClient.PathCall(ProxyOp.ReadDir, path, parameters, reply, out int length, out more);
            int offset = 0;
            while (DirEntryCodec.TryRead(reply.AsSpan(0, length), ref offset, out byte type, out ReadOnlySpan<byte> name))
            {
                entries.Add(new HostEntry(Encoding.UTF8.GetString(name), (HostEntryKind)Math.Min(type, (byte)HostEntryKind.Other)));
            }
        }
        while (more != 0);

        return entries;
    }
}
