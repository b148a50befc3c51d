import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { isDuplicateKeyError } from '@trellis/runtime';
import { Invite, Membership, membershipId, Operator, Session } from './access.schema';
import { AuditLog } from './audit-log.service';
import { decoyHash, hashPassword, passwordMatches } from './passwords';
import { Role, rolePermissions } from './permissions';
import { Actor, Principal, SignedIn } from './principal';
import { issueToken, readToken, secretMatches } from './tokens';

const inviteDays = 7;
const dayMs = 24 * 3600 * 1000;

export interface MemberView {
  operatorId: string;
  email: string;
  name: string;
  role: Role;
  since: string;
}

const normalEmail = (email: string) => email.trim().toLowerCase();

/** An operator as sessions and answers show them. */
export interface Account {
  id: string;
  email: string;
  name: string;
}

/**
 * The people who use the editor: accounts (argon2id passwords), sessions that expire, their role
 * in each workspace, and invitations to join one.
 */
@Injectable()
export class OperatorsService {
  constructor(
    @InjectModel('Operator') private readonly operators: Model<Operator>,
    @InjectModel('Membership') private readonly memberships: Model<Membership>,
    @InjectModel('Session') private readonly sessions: Model<Session>,
    @InjectModel('Invite') private readonly invites: Model<Invite>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly audit: AuditLog,
  ) {}

  /** A new account; an email already taken is a conflict (the person should sign in, or be invited). */
  async createOperator(input: { email: string; name: string; password: string }): Promise<Account> {
    const email = normalEmail(input.email);
    try {
      const doc = await this.operators.create({ email, name: input.name, passwordHash: await hashPassword(input.password), createdAt: new Date() });
      return { id: String(doc._id), email, name: doc.name };
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`An operator with email ${email} exists already; invite them to the workspace instead.`);
      throw error;
    }
  }

  async addMember(workspaceId: string, operatorId: string, role: Role): Promise<void> {
    await this.memberships.updateOne(
      { _id: membershipId(workspaceId, operatorId) },
      { $set: { role }, $setOnInsert: { workspaceId, operatorId, createdAt: new Date() } },
      { upsert: true },
    );
  }

  async signIn(input: { email: string; password: string }) {
    const operator = await this.operators.findOne({ email: normalEmail(input.email) }).lean();
    const matches = await passwordMatches(operator?.passwordHash ?? (await decoyHash()), input.password);
    if (!operator || !matches) throw problems.unauthorized('The email or password is wrong.');
    return this.openSession({ id: String(operator._id), email: operator.email, name: operator.name });
  }

  /** A session for an operator whose password was just checked: its token, and their workspaces. */
  private async openSession(operator: Account) {
    const { id, token, hash } = issueToken('session');
    const expiresAt = new Date(Date.now() + this.config.TRELLIS_SESSION_HOURS * 3600 * 1000);
    await this.sessions.create({ _id: id, operatorId: operator.id, hash, createdAt: new Date(), expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), ...(await this.withWorkspaces(operator)) };
  }

  async signOut(signedIn: SignedIn): Promise<void> {
    await this.sessions.updateOne({ _id: signedIn.sessionId }, { $set: { endedAt: new Date() } });
  }

  /** The operator a session token belongs to, while the session lasts. */
  async session(token: string): Promise<SignedIn | undefined> {
    const read = readToken('session', token);
    if (!read) return undefined;
    const session = await this.sessions.findById(read.id).lean();
    if (!session || session.endedAt || session.expiresAt.getTime() <= Date.now() || !secretMatches(read.secret, session.hash)) return undefined;
    const operator = await this.operators.findById(session.operatorId, { email: 1, name: 1 }).lean();
    return operator ? { operatorId: session.operatorId, sessionId: read.id, email: operator.email, name: operator.name } : undefined;
  }

  /** What a signed-in operator may do in a workspace, or undefined when they are not a member of it. */
  async principal(signedIn: SignedIn, workspaceId: string): Promise<Principal | undefined> {
    const membership = await this.memberships.findById(membershipId(workspaceId, signedIn.operatorId)).lean();
    if (!membership) return undefined;
    const role = membership.role as Role;
    return { workspaceId, actor: { kind: 'operator', id: signedIn.operatorId, name: signedIn.email }, role, permissions: new Set(rolePermissions[role]) };
  }

  /** The signed-in operator (read with their session) and their role in each workspace. */
  me(signedIn: SignedIn) {
    return this.withWorkspaces({ id: signedIn.operatorId, email: signedIn.email, name: signedIn.name });
  }

  private async withWorkspaces(operator: Account) {
    const memberships = await this.memberships.find({ operatorId: operator.id }).lean();
    return { operator, workspaces: memberships.map((membership) => ({ id: membership.workspaceId, role: membership.role as Role })) };
  }

  async changePassword(signedIn: SignedIn, input: { current: string; next: string }): Promise<void> {
    const operator = await this.operators.findById(signedIn.operatorId).lean();
    if (!operator || !(await passwordMatches(operator.passwordHash, input.current))) throw problems.unauthorized('The current password is wrong.');
    await this.operators.updateOne({ _id: signedIn.operatorId }, { $set: { passwordHash: await hashPassword(input.next) } });
  }

  async members(workspaceId: string): Promise<MemberView[]> {
    const memberships = await this.memberships.find({ workspaceId }).sort({ createdAt: 1 }).lean();
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const found = await this.operators.find({ _id: trusted({ $in: memberships.map((membership) => membership.operatorId) }) }, { email: 1, name: 1 }).lean();
    const operators = new Map(found.map((operator) => [String(operator._id), operator]));
    return memberships.flatMap((membership) => {
      const operator = operators.get(membership.operatorId);
      return operator ? [{ operatorId: membership.operatorId, email: operator.email, name: operator.name, role: membership.role as Role, since: membership.createdAt.toISOString() }] : [];
    });
  }

  /** An invitation token, shown once, for the person to accept with `POST /v1/auth/accept-invite`. */
  async invite(workspaceId: string, input: { email: string; role: Role }, actor: Actor) {
    const { id, token, hash } = issueToken('invite');
    const email = normalEmail(input.email);
    const expiresAt = new Date(Date.now() + inviteDays * dayMs);
    await this.invites.create({ _id: id, workspaceId, email, role: input.role, hash, invitedBy: actor.id, createdAt: new Date(), expiresAt });
    await this.audit.record(workspaceId, actor, 'member.invited', { type: 'invite', id }, { email, role: input.role });
    return { id, email, role: input.role, token, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Joins the invited workspace: a new person creates their account with it; someone who has one
   * proves it with their password.
   */
  async acceptInvite(input: { token: string; name?: string; password: string }) {
    const read = readToken('invite', input.token);
    const invite = read ? await this.invites.findById(read.id).lean() : null;
    if (!read || !invite || invite.acceptedAt || invite.expiresAt.getTime() <= Date.now() || !secretMatches(read.secret, invite.hash)) {
      throw problems.unauthorized('The invitation is unknown, used or expired; ask for a new one.');
    }
    const existing = await this.operators.findOne({ email: invite.email }).lean();
    let operator: Account;
    if (existing) {
      if (!(await passwordMatches(existing.passwordHash, input.password))) throw problems.unauthorized(`${invite.email} has an account: accept with its password.`);
      operator = { id: String(existing._id), email: existing.email, name: existing.name };
    } else {
      if (!input.name) throw problems.validation([{ path: 'name', code: 'required', message: 'A new account needs a name.' }]);
      operator = await this.createOperator({ email: invite.email, name: input.name, password: input.password });
    }
    const operatorId = operator.id;
    // Claimed first, so a token used twice at once joins once.
    const claimed = await this.invites.updateOne({ _id: read.id, acceptedAt: null }, { $set: { acceptedAt: new Date() } });
    if (!claimed.modifiedCount) throw problems.unauthorized('The invitation is unknown, used or expired; ask for a new one.');
    await this.addMember(invite.workspaceId, operatorId, invite.role as Role);
    await this.audit.record(invite.workspaceId, { kind: 'operator', id: operatorId, name: invite.email }, 'member.joined', { type: 'operator', id: operatorId }, { role: invite.role });
    return this.openSession(operator);
  }

  async changeRole(workspaceId: string, operatorId: string, role: Role, actor: Actor): Promise<MemberView> {
    const membership = await this.membership(workspaceId, operatorId);
    if (membership.role === 'admin' && role !== 'admin') await this.keepAnAdmin(workspaceId);
    await this.memberships.updateOne({ _id: membershipId(workspaceId, operatorId) }, { $set: { role } });
    await this.audit.record(workspaceId, actor, 'member.role_changed', { type: 'operator', id: operatorId }, { from: membership.role, to: role });
    return (await this.members(workspaceId)).find((member) => member.operatorId === operatorId)!;
  }

  async removeMember(workspaceId: string, operatorId: string, actor: Actor): Promise<void> {
    const membership = await this.membership(workspaceId, operatorId);
    if (membership.role === 'admin') await this.keepAnAdmin(workspaceId);
    await this.memberships.deleteOne({ _id: membershipId(workspaceId, operatorId) });
    await this.audit.record(workspaceId, actor, 'member.removed', { type: 'operator', id: operatorId }, { role: membership.role });
  }

  private async membership(workspaceId: string, operatorId: string) {
    const membership = isObjectIdOrHexString(operatorId) ? await this.memberships.findById(membershipId(workspaceId, operatorId)).lean() : null;
    if (!membership) throw problems.notFound(`Member ${operatorId}`);
    return membership;
  }

  private async keepAnAdmin(workspaceId: string): Promise<void> {
    const admins = await this.memberships.countDocuments({ workspaceId, role: 'admin' });
    if (admins <= 1) throw problems.conflict('A workspace keeps at least one admin: make someone else admin first.');
  }
}
