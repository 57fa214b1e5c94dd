using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// Directory entries the proxy sent that the program's getdents64 buffer had no room for yet, kept for its next
/// call. Asking the proxy again instead would list the directory anew once a listing was sent whole, and the runtime
/// deletes entries while it enumerates (Directory.Delete), so positions in a new listing would skip entries. A few
/// reply-sized buffers, lent to directories while they hold such a remainder; used only with the proxy turn held.
/// </summary>
internal static unsafe class ListingPages
{
    /// <summary>Directories that may hold a remainder at once (nested enumerations of large directories).</summary>
    public const int Count = 4;

    /// <summary>The buffers, claimed at first use (their size is the segment's reply size).</summary>
    private static byte* s_buffers;
    /// <summary>Bytes of each buffer.</summary>
    private static int s_size;
    /// <summary>Per buffer its owner's slot + 1, or 0 when free.</summary>
    private static int* s_owners;

    /// <summary>
    /// Lends a buffer to proxied-file <paramref name="slot"/> holding a copy of the <paramref name="length"/> bytes at
    /// <paramref name="data"/> (at most a reply's size); its index, or -1 when all are lent.
    /// </summary>
    public static int Take(int slot, byte* data, int length)
    {
        if (s_buffers == null)
        {
            s_size = ProxyCall.ReplyCapacity;
            s_buffers = PhysicalMemory.Claim((ulong)Count * (ulong)s_size);
            s_owners = (int*)PhysicalMemory.Claim(Count * sizeof(int));
        }

        for (int page = 0; page < Count; page++)
        {
            if (s_owners[page] == 0 && length <= s_size)
            {
                s_owners[page] = slot + 1;
                Buffer.MemoryCopy(data, s_buffers + (long)page * s_size, s_size, length);
                return page;
            }
        }

        return -1;
    }

    /// <summary>The bytes of buffer <paramref name="page"/>.</summary>
    public static byte* Data(int page) => s_buffers + (long)page * s_size;

    /// <summary>Gives buffer <paramref name="page"/> back.</summary>
    public static void Free(int page) => s_owners[page] = 0;
}
