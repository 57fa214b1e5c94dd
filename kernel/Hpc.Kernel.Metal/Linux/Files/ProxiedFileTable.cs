using System.Threading;
using Hpc.Kernel.Metal.Memory;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The files the proxy holds open for the program, by slot (a descriptor of kind
/// <see cref="DescriptorKind.ProxiedFile"/> names a slot). A slot lives while a descriptor names it; the last close
/// closes the proxy's handle.
/// </summary>
internal static unsafe class ProxiedFileTable
{
    /// <summary>Proxied files open at once.</summary>
    public const int Slots = 64;

    /// <summary>The slots.</summary>
    private static ProxiedFile* s_files;

    /// <summary>Claims the slots.</summary>
    public static void Setup() => s_files = (ProxiedFile*)PhysicalMemory.Claim((ulong)(Slots * sizeof(ProxiedFile)));

    /// <summary>The file in <paramref name="slot"/>.</summary>
    public static ProxiedFile* At(int slot) => s_files + slot;

    /// <summary>
    /// A slot for proxy <paramref name="handle"/> opened from the <paramref name="pathLength"/> bytes at
    /// <paramref name="path"/> with <paramref name="flags"/>, with one reference; -1 when every slot is taken.
    /// </summary>
    public static int Claim(int handle, int flags, bool directory, byte* path, int pathLength)
    {
        for (int slot = 0; slot < Slots; slot++)
        {
            ProxiedFile* file = s_files + slot;
            if (Interlocked.CompareExchange(ref file->References, 1, 0) == 0)
            {
                file->Handle = handle;
                file->Flags = flags;
                file->IsDirectory = directory ? 1 : 0;
                file->Cursor = 0;
                file->Page = 0;
                file->PathLength = pathLength;
                Buffer.MemoryCopy(path, file->Path, ProxyCall.MaxPath, pathLength);
                return slot;
            }
        }

        return -1;
    }

    /// <summary>Counts one more descriptor naming <paramref name="slot"/>.</summary>
    public static void AddReference(int slot) => Interlocked.Increment(ref s_files[slot].References);

    /// <summary>Drops a descriptor's reference; the last one closes the handle at the proxy and frees the slot.</summary>
    public static void Release(int slot)
    {
        ProxiedFile* file = s_files + slot;
        while (true)
        {
            int references = Volatile.Read(ref file->References);
            if (references > 1)
            {
                if (Interlocked.CompareExchange(ref file->References, references - 1, references) == references)
                {
                    return;
                }

                continue;
            }

            // The last one: the slot stays taken (-1) until the proxy has closed the handle, so no open reuses it first.
            if (Interlocked.CompareExchange(ref file->References, -1, 1) == 1)
            {
                break;
            }
        }

        ProxyCall.Enter();
        DropPage(file);
        ProxyCall.Send(ProxyOp.Close, new FileParams { Handle = file->Handle }, null, 0);
        ProxyCall.Exit();
        Interlocked.Exchange(ref file->References, 0);
    }

    /// <summary>Gives back the listing page <paramref name="file"/> holds, if any (the caller has the proxy turn).</summary>
    public static void DropPage(ProxiedFile* file)
    {
        if (file->Page != 0)
        {
            ListingPages.Free(file->Page - 1);
            file->Page = 0;
        }
    }
}
