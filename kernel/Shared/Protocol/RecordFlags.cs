namespace Hpc.Protocol;

/// <summary>Flags on a proxy ring record.</summary>
internal static class RecordFlags
{
    /// <summary>The rank does not wait for a reply (write-behind); errors surface at the next flush or close.</summary>
    public const ushort NoReply = 1;
}
