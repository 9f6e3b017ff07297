// Hardhat tasks: the kernel shell. Each file registers its tasks when imported (no TypeChain imports at top level).
import "./kernel";
import "./acl";
import "./nyn";
import "./market";
import "./dao";
import "./meter";
import "./names";
