// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title KernelIds
/// @notice The well-known identifiers of NYN OS: module ids in the kernel's module table and the permission ids the
/// kernel's modules check through the ACL. A permission id is `keccak256("NAME_PERMISSION")` (aragonOS convention).
library KernelIds {
    // ---------------------------------------------------------------- modules
    /// @notice Module id of the ACL (permission table).
    bytes32 internal constant ACL = keccak256("nyn.module.acl");
    /// @notice Module id of the process registry.
    bytes32 internal constant PROCESS_REGISTRY = keccak256("nyn.module.process-registry");
    /// @notice Module id of the gas meter.
    bytes32 internal constant GAS_METER = keccak256("nyn.module.gas-meter");
    /// @notice Module id of the goods marketplace.
    bytes32 internal constant MARKETPLACE = keccak256("nyn.module.marketplace");
    /// @notice Module id of the job board.
    bytes32 internal constant JOB_BOARD = keccak256("nyn.module.job-board");
    /// @notice Module id of the name service (ENS-style names of accounts and processes).
    bytes32 internal constant NAME_SERVICE = keccak256("nyn.module.name-service");

    // ---------------------------------------------------------------- kernel-level permissions (where = kernel)
    /// @notice Root: install and upgrade modules, create permissions, manage every root-level permission.
    bytes32 internal constant ROOT_PERMISSION = keccak256("ROOT_PERMISSION");
    /// @notice Pause kernel entry points (held by the guardian). Never allows upgrading or granting.
    bytes32 internal constant PAUSE_PERMISSION = keccak256("PAUSE_PERMISSION");

    // ---------------------------------------------------------------- process registry (where = registry)
    /// @notice Register and deprecate programs.
    bytes32 internal constant REGISTER_PROGRAM_PERMISSION = keccak256("REGISTER_PROGRAM_PERMISSION");
    /// @notice Suspend, resume and kill any process (an operator's power; owners always control their own).
    bytes32 internal constant PROCESS_ADMIN_PERMISSION = keccak256("PROCESS_ADMIN_PERMISSION");

    // ---------------------------------------------------------------- gas meter (where = meter)
    /// @notice Set the meter's price (NYN-wei per gas, within its bounds) and epoch length (governance).
    bytes32 internal constant SET_METER_PARAMS_PERMISSION = keccak256("SET_METER_PARAMS_PERMISSION");
    /// @notice Collect the fees that direct metered calls paid (governance: the treasury).
    bytes32 internal constant COLLECT_METER_FEES_PERMISSION = keccak256("COLLECT_METER_FEES_PERMISSION");

    // ---------------------------------------------------------------- name service (where = NameService)
    /// @notice Set the name claim fee (NYN-wei, within the service's cap; governance).
    bytes32 internal constant SET_NAME_FEE_PERMISSION = keccak256("SET_NAME_FEE_PERMISSION");

    // ---------------------------------------------------------------- NYN token (where = NYN)
    /// @notice Mint NYN within the hard cap.
    bytes32 internal constant MINT_PERMISSION = keccak256("MINT_PERMISSION");

    // ---------------------------------------------------------------- market modules (where = Marketplace / JobBoard)
    /// @notice Set the fee (within the 10 % cap), the treasury and the external arbitrator (governance).
    bytes32 internal constant MARKET_ADMIN_PERMISSION = keccak256("MARKET_ADMIN_PERMISSION");
    /// @notice Rule disputes with a final split (the arbiter; granted through the ACL by governance).
    bytes32 internal constant ARBITER_PERMISSION = keccak256("ARBITER_PERMISSION");
    /// @notice Approve and remove the ERC-20 tokens listings and jobs may be priced in besides NYN (governance).
    bytes32 internal constant MARKET_TOKENS_PERMISSION = keccak256("MARKET_TOKENS_PERMISSION");
}
