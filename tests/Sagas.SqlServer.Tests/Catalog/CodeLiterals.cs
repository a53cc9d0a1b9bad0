using System.Reflection;
using System.Reflection.Emit;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>A string literal of the platform's compiled code and the member it is written in.</summary>
sealed record CodeLiteral(string Text, string Member);

/// <summary>
/// Every string literal in the platform's compiled code: the <c>ldstr</c> operands of every method body (constructors,
/// lambdas, async state machines and static initializers included) and every string constant. Interpolated strings
/// appear as their literal parts; constant ones, as the whole text. This is where the SQL the platform sends is written,
/// however it is later assembled, so a statement added anywhere in <c>src/</c> shows up here.
/// </summary>
static class CodeLiterals
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .DistinctBy(code => code.Value)
        .ToDictionary(code => code.Value);

    public static IReadOnlyList<CodeLiteral> All { get; } = Read();

    static List<CodeLiteral> Read()
    {
        var literals = new List<CodeLiteral>();
        foreach (var type in PlatformAssemblies.Types)
        {
            foreach (var field in type.GetFields(Everything).Where(field => field.IsLiteral && field.FieldType == typeof(string)))
                literals.Add(new((string)field.GetRawConstantValue()!, $"{type.FullName}.{field.Name}"));
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
                if (method.GetMethodBody()?.GetILAsByteArray() is { } il)
                    literals.AddRange(StringsIn(il, method.Module).Select(text => new CodeLiteral(text, $"{type.FullName}.{method.Name}")));
        }
        return literals;
    }

    /// <summary>Walks the IL instruction by instruction (so no operand byte is mistaken for an opcode), resolving <c>ldstr</c> tokens.</summary>
    static IEnumerable<string> StringsIn(byte[] il, Module module)
    {
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var code = OpCodesByValue[value];
            position += code.Size;
            if (code == OpCodes.Ldstr)
                yield return module.ResolveString(BitConverter.ToInt32(il, position));
            position += OperandSize(code.OperandType, il, position);
        }
    }

    static int OperandSize(OperandType operand, byte[] il, int position) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
        _ => 4,
    };
}
