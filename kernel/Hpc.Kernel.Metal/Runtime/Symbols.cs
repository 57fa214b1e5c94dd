using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Runtime;

/// <summary>
/// Address-to-symbol lookup over the table the build links into the image (section .hpc_symbols): a count, then
/// (address, name offset) pairs sorted by address, then the NUL-terminated names. The names are ILC's mangled
/// symbols (namespace_type__method).
/// </summary>
internal static unsafe class Symbols
{
    /// <summary>
    /// "symbol+0xoffset" in the kernel, "program+0xoffset" in a loaded Linux program (the offset from its load
    /// base: what addr2line takes for a PIE), or "?" elsewhere.
    /// </summary>
    public static string Describe(ulong address)
    {
        if (address < (ulong)LinkerSymbols.ImageStart || address >= (ulong)LinkerSymbols.ImageEnd)
        {
            return Linux.LinuxProgram.Contains(address) ? "program+0x" + Number.FormatHex(address - Linux.LinuxProgram.LoadBase) : "?";
        }

        byte* table = LinkerSymbols.SymbolsStart;
        if (LinkerSymbols.SymbolsEnd - table < 8)
        {
            return "?";
        }

        uint count = *(uint*)table;
        ulong* entries = (ulong*)(table + 8);
        byte* names = table + 8 + count * 16UL;
        int low = 0, high = (int)count - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (entries[middle * 2] <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found < 0)
        {
            return "?";
        }

        byte* name = names + entries[found * 2 + 1];
        int length = 0;
        while (name[length] != 0 && length < 200)
        {
            length++;
        }

        char* chars = stackalloc char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)name[i];
        }

        return string.Concat(string.FromChars(chars, length), "+0x", Number.FormatHex(address - entries[found * 2]));
    }
}
