namespace System.Reflection;

/// <summary>Names a type's default member (the compiler emits it for indexers).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
public sealed class DefaultMemberAttribute : Attribute
{
    /// <summary>Names the member.</summary>
    public DefaultMemberAttribute(string memberName) => MemberName = memberName;

    /// <summary>The member.</summary>
    public string MemberName { get; }
}
