namespace Microfactory.SiteAgent.Modbus;

/// <summary>The Modbus function codes the agent's client speaks (Modbus Application Protocol v1.1b3, section 6).</summary>
public enum ModbusFunction : byte
{
    ReadCoils = 1,
    ReadDiscreteInputs = 2,
    ReadHoldingRegisters = 3,
    ReadInputRegisters = 4,
    WriteSingleCoil = 5,
    WriteSingleRegister = 6,
    WriteMultipleCoils = 15,
    WriteMultipleRegisters = 16,
}

internal static class ModbusFunctionNames
{
    public static string Describe(this ModbusFunction function) => function switch
    {
        ModbusFunction.ReadCoils => "read coils (FC1)",
        ModbusFunction.ReadDiscreteInputs => "read discrete inputs (FC2)",
        ModbusFunction.ReadHoldingRegisters => "read holding registers (FC3)",
        ModbusFunction.ReadInputRegisters => "read input registers (FC4)",
        ModbusFunction.WriteSingleCoil => "write single coil (FC5)",
        ModbusFunction.WriteSingleRegister => "write single register (FC6)",
        ModbusFunction.WriteMultipleCoils => "write multiple coils (FC15)",
        ModbusFunction.WriteMultipleRegisters => "write multiple registers (FC16)",
        _ => $"function {(byte)function}",
    };
}
