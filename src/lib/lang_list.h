/* lang_list.h - the tree-sitter grammars assay links, as an X-macro
 * (YARA's module_list). Each line: X(name used in rules, tree-sitter symbol,
 * how a call names its callee: node type and field).
 * SPDX-License-Identifier: Apache-2.0 */
ASSAY_LANG(c, tree_sitter_c, "call_expression", "function")
ASSAY_LANG(bash, tree_sitter_bash, "command", "name")
