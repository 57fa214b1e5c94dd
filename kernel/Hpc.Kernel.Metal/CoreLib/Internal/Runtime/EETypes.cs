namespace Internal.Runtime;

/// <summary>MethodTables the runtime allocates by itself.</summary>
internal static unsafe class EETypes
{
    /// <summary>The string type's MethodTable (taken from a frozen literal).</summary>
    public static MethodTable* String => "".RawMethodTable;
}
