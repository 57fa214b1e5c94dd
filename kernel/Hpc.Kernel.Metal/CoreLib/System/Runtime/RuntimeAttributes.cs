namespace System.Runtime;

/// <summary>Exports a method under a native symbol name (runtime helpers the compiled code calls).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeExportAttribute : Attribute
{
    /// <summary>Names the symbol.</summary>
    public RuntimeExportAttribute(string entry) => Entry = entry;

    /// <summary>The symbol.</summary>
    public string Entry { get; }
}

/// <summary>Binds an extern method straight to a native symbol (the boot stub's routines).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeImportAttribute : Attribute
{
    /// <summary>Names the symbol.</summary>
    public RuntimeImportAttribute(string entry) => Entry = entry;

    /// <summary>Names the library and symbol.</summary>
    public RuntimeImportAttribute(string dllName, string entry)
    {
        DllName = dllName;
        Entry = entry;
    }

    /// <summary>The library ("*" for statically linked).</summary>
    public string? DllName { get; }
    /// <summary>The symbol.</summary>
    public string Entry { get; }
}
