namespace Sagas.Bench.Workload;

/// <summary>What a planned saga is built to end as, and so which terminal state the checker expects.</summary>
public enum Outcome
{
    /// <summary>A small transfer between funded accounts: Completed.</summary>
    Plain,

    /// <summary>A transfer above the fraud limit: Rejected before any money moves.</summary>
    FraudRejected,

    /// <summary>A transfer from an account that never holds money: Failed at the debit.</summary>
    InsufficientFunds,

    /// <summary>A transfer to a frozen account: debited, the credit refused, the debit refunded: Compensated.</summary>
    Compensated,

    /// <summary>An order of stocked goods between funded accounts: Completed.</summary>
    Order,
}
